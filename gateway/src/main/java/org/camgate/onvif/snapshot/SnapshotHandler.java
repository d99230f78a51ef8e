package org.camgate.onvif.snapshot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.cxf.transport.http.netty.server.NettyHttpHandler;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.UserConfig;
import org.camgate.onvif.CameraCatalog;
import org.camgate.onvif.ServicePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /onvif/snapshot/<camera>.jpg}: the camera's latest keyframe as JPEG, with HTTP Digest
 * authentication, per-user camera permissions and an audit entry, as for video. While a camera's
 * gate is shut no picture is given (403), unless configured otherwise.
 */
public final class SnapshotHandler extends NettyHttpHandler {
    private static final Logger log = LoggerFactory.getLogger(SnapshotHandler.class);
    private static final Pattern PATH = Pattern.compile(Pattern.quote(ServicePaths.SNAPSHOT) + "/([A-Za-z0-9._-]{1,64})\\.jpg");
    public static final String AUDIT_SNAPSHOT = "snapshot";

    private final SnapshotSource source;
    private final CameraCatalog catalog;
    private final ReaderAuthenticator authenticator;
    private final Map<String, UserConfig> users;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean whenGateShut;

    public SnapshotHandler(SnapshotSource source, CameraCatalog catalog, ReaderAuthenticator authenticator,
                           Map<String, UserConfig> users, AuditLog audit, Clock clock, boolean whenGateShut) {
        super(null, false);
        this.source = source;
        this.catalog = catalog;
        this.authenticator = authenticator;
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
        String remote = request.getRemoteAddr() + ":" + request.getRemotePort();
        Matcher m = PATH.matcher(target);
        if (!"GET".equals(request.getMethod())) {
            text(response, 405, "only GET");
            return;
        }
        if (!m.matches() || !catalog.cameraIds().contains(m.group(1))) {
            authenticateThen(request, response, remote, null, user -> text(response, 404, "no such camera"));
            return;
        }
        String camera = m.group(1);
        authenticateThen(request, response, remote, camera, user -> serve(response, remote, camera, user));
    }

    private interface Action {
        void run(UserConfig user) throws IOException;
    }

    private void authenticateThen(HttpServletRequest request, HttpServletResponse response, String remote, String camera,
                                  Action action) throws IOException {
        String uri = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        ReaderAuthenticator.Outcome outcome = authenticator.authenticate("GET", uri, camera,
                request.getHeader("Authorization"), InetAddress.getByName(request.getRemoteAddr()));
        if (outcome instanceof ReaderAuthenticator.Granted g) {
            action.run(users.get(g.user()));
            return;
        }
        ReaderAuthenticator.Challenge c = (ReaderAuthenticator.Challenge) outcome;
        if (c.failure() != null) {
            audit.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(c.claimedUser()).remote(remote)
                    .camera(camera).transport("http-snapshot").reason(c.failure()).build());
        }
        c.wwwAuthenticate().forEach(v -> response.addHeader("WWW-Authenticate", v));
        text(response, 401, "authentication required");
    }

    private void serve(HttpServletResponse response, String remote, String camera, UserConfig user) throws IOException {
        if (!user.mayView(camera)) {
            deny(response, remote, camera, user, "user may not view this camera");
            return;
        }
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
