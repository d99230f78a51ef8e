package org.camgate.onvif.snapshot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.cxf.transport.http.netty.server.NettyHttpHandler;
import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.Decision;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.UserConfig;
import org.camgate.onvif.CameraCatalog;
import org.camgate.onvif.OnvifChannels;
import org.camgate.onvif.ServicePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /onvif/snapshot/<camera>.jpg}: the camera's latest keyframe as JPEG, with HTTP Digest
 * authentication and an audit entry, as for video. Whether the user at this address may see the camera is the
 * gateway's access policy's decision (way in {@link Protocol#SNAPSHOT}): the user's cameras and the camera's own
 * allow/deny lists; refusals are 403 (404 for an unknown camera). While a camera's gate is shut no picture is given
 * (403), unless configured otherwise. Digest refusals during a login lockout are answered late without holding a
 * thread.
 */
public final class SnapshotHandler extends NettyHttpHandler {
    private static final Logger log = LoggerFactory.getLogger(SnapshotHandler.class);
    private static final Pattern PATH = Pattern.compile(Pattern.quote(ServicePaths.SNAPSHOT) + "/([A-Za-z0-9._-]{1,64})\\.jpg");
    public static final String AUDIT_SNAPSHOT = "snapshot";

    private final SnapshotSource source;
    private final CameraCatalog catalog;
    private final ReaderAuthenticator authenticator;
    private final AccessPolicy policy;
    private final Map<String, UserConfig> users;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean whenGateShut;

    public SnapshotHandler(SnapshotSource source, CameraCatalog catalog, ReaderAuthenticator authenticator,
                           AccessPolicy policy, Map<String, UserConfig> users, AuditLog audit, Clock clock,
                           boolean whenGateShut) {
        super(null, false);
        this.source = source;
        this.catalog = catalog;
        this.authenticator = authenticator;
        this.policy = policy;
        this.users = Map.copyOf(users);
        this.audit = audit;
        this.clock = clock;
        this.whenGateShut = whenGateShut;
    }

    @Override
    public void handle(String target, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!target.startsWith(ServicePaths.SNAPSHOT)) {
            return; // another handler's path in the same context
        }
        InetSocketAddress peer = OnvifChannels.peer(request);
        String remote = AuditEvent.formatRemote(peer);
        Matcher m = PATH.matcher(target);
        if (!"GET".equals(request.getMethod())) {
            text(response, 405, "only GET");
            return;
        }
        String camera = m.matches() ? m.group(1) : null;
        String uri = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        ReaderAuthenticator.Outcome outcome = authenticator.authenticate("GET", uri, camera,
                request.getHeader("Authorization"), peer.getAddress());
        if (outcome instanceof ReaderAuthenticator.Challenge c) {
            challenge(response, c, peer, remote, camera);
            return;
        }
        String user = ((ReaderAuthenticator.Granted) outcome).user();
        OnvifChannels.authenticated();
        if (camera == null) {
            text(response, 404, "no such camera");
            return;
        }
        Decision decision = policy.decide(AccessRequest.camera(Protocol.SNAPSHOT, peer, user, camera));
        switch (decision) {
            case ALLOW -> serve(response, remote, camera, users.get(user));
            case UNKNOWN_CAMERA -> text(response, 404, "no such camera");
            case UNAUTHENTICATED -> challenge(response, (ReaderAuthenticator.Challenge) authenticator.authenticate("GET",
                    uri, camera, null, peer.getAddress()), peer, remote, camera);
            // Refused by the policy, which has logged and audited it; the connection ends when the address itself is
            // no longer allowed (e.g. after a reload).
            default -> {
                if (decision == Decision.ADDRESS_NOT_ALLOWED) {
                    OnvifChannels.closeAfter(response);
                }
                text(response, 403, decision.reason());
            }
        }
    }

    private void challenge(HttpServletResponse response, ReaderAuthenticator.Challenge c, InetSocketAddress peer,
                           String remote, String camera) throws IOException {
        if (c.failure() != null) {
            audit.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(c.claimedUser()).remote(remote)
                    .camera(camera).transport("http-snapshot").reason(c.failure()).build());
        }
        if (c.limitCrossed()) {
            log.warn("{}: repeated snapshot authentication failures; refusing its logins unchecked and answering late",
                    peer.getAddress().getHostAddress());
            audit.record(AuditEvent.builder(AuditEvent.RATE_LIMITED, clock.instant()).remote(remote)
                    .transport("http-snapshot").reason("repeated authentication failures").build());
        }
        c.wwwAuthenticate().forEach(v -> response.addHeader("WWW-Authenticate", v));
        OnvifChannels.answerLate(response, c.delay());
        text(response, 401, "authentication required");
    }

    private void serve(HttpServletResponse response, String remote, String camera, UserConfig user) throws IOException {
        if (!whenGateShut && !catalog.gateOpen(camera)) {
            deny(response, remote, camera, user, "gate shut");
            return;
        }
        long start = System.nanoTime();
        byte[] jpeg;
        try {
            jpeg = source.jpeg(camera);
        } catch (TimeoutException | IOException e) {
            log.info("snapshot of {} failed: {}", camera, e.getMessage());
            text(response, 503, "no picture available: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text(response, 503, "interrupted");
            return;
        }
        audit.record(AuditEvent.builder(AUDIT_SNAPSHOT, clock.instant()).user(user.name()).remote(remote).camera(camera)
                .transport("http").bytes(jpeg.length).duration(java.time.Duration.ofNanos(System.nanoTime() - start)).build());
        response.setStatus(200);
        response.setContentType("image/jpeg");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(jpeg.length);
        response.getOutputStream().write(jpeg);
        response.getOutputStream().flush();
    }

    private void deny(HttpServletResponse response, String remote, String camera, UserConfig user, String reason)
            throws IOException {
        audit.record(AuditEvent.builder(AuditEvent.DENIED, clock.instant()).user(user.name()).remote(remote).camera(camera)
                .transport("http-snapshot").reason(reason).build());
        text(response, 403, reason);
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.getOutputStream().flush();
    }
}
