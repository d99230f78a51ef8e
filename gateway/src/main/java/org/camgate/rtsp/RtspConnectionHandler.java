package org.camgate.rtsp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import org.camgate.access.AccessRequest;
import org.camgate.access.Admission;
import org.camgate.access.Decision;
import org.camgate.access.Protocol;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.RtspConfig;
import org.camgate.config.UserConfig;
import org.camgate.protocol.rtsp.InterleavedFrame;
import org.camgate.protocol.rtsp.RtspDecodeFailure;
import org.camgate.protocol.rtsp.RtspMessageDecoder;
import org.camgate.protocol.rtsp.TransportSpec;
import org.camgate.stream.BoundedReader;
import org.camgate.stream.CameraStream;
import org.camgate.stream.StreamDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One reader connection: answers its RTSP requests, owns its sessions, and closes it when it
 * trickles, idles or lets a UDP session time out. Confined to the connection's event loop.
 */
final class RtspConnectionHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(RtspConnectionHandler.class);
    private static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER";
    private static final int MAX_SESSIONS_PER_CONNECTION = 4;
    /** Requests read ahead while a late answer is held; a client pipelining more is closed. */
    private static final int MAX_HELD_REQUESTS = 8;

    private final RtspServerContext server;
    private final RtspConfig config;
    private final ReaderAudit audit;
    private final Map<String, ReaderSession> sessions = new LinkedHashMap<>();
    private ChannelHandlerContext ctx;
    private InetSocketAddress remote;
    private final long connectedNanos = System.nanoTime();
    private long lastRequestNanos = connectedNanos;
    private boolean anyRequest;
    private ScheduledFuture<?> ticker;
    /** A late 401 is pending: requests read meanwhile wait in {@link #held}, in order. */
    private boolean holding;
    private final java.util.ArrayDeque<FullHttpRequest> held = new java.util.ArrayDeque<>();

    RtspConnectionHandler(RtspServerContext server) {
        this.server = server;
        this.config = server.config;
        this.audit = new ReaderAudit(server.audit);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.remote = (InetSocketAddress) ctx.channel().remoteAddress();
        ticker = ctx.executor().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ticker.cancel(false);
        releaseHeld();
        for (ReaderSession session : new ArrayList<>(sessions.values())) {
            endSession(session, "connection-closed");
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof InterleavedFrame) {
            sessions.values().forEach(ReaderSession::touch);
        } else if (msg instanceof FullHttpRequest request) {
            lastRequestNanos = System.nanoTime();
            anyRequest = true;
            if (holding) {
                if (held.size() >= MAX_HELD_REQUESTS) {
                    ctx.close();
                    return;
                }
                held.add(request.retain());
                return;
            }
            handleRequest(request);
        } else if (msg instanceof RtspDecodeFailure failure) {
            log.debug("{}: malformed request: {}", ReaderAudit.address(remote), failure.reason());
            FullHttpResponse response = response(failure.status(), failure.cseq());
            if (failure.fatal()) {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response);
            }
        }
    }

    private void handleRequest(FullHttpRequest request) {
        String cseq = request.headers().get(RtspHeaderNames.CSEQ);
        if (cseq == null) {
            respond(response(RtspResponseStatuses.BAD_REQUEST, null));
            return;
        }
        String method = request.method().name();
        switch (method) {
            case "OPTIONS" -> respond(options(cseq));
            case "DESCRIBE" -> describe(request, cseq);
            case "SETUP" -> setup(request, cseq);
            case "PLAY" -> play(request, cseq);
            case "PAUSE" -> pause(request, cseq);
            case "TEARDOWN" -> teardown(request, cseq);
            case "GET_PARAMETER", "SET_PARAMETER" -> keepAlive(request, cseq);
            case "ANNOUNCE", "RECORD", "REDIRECT" -> {
                FullHttpResponse response = response(RtspResponseStatuses.METHOD_NOT_ALLOWED, cseq);
                response.headers().set(RtspHeaderNames.ALLOW, PUBLIC);
                respond(response);
            }
            default -> respond(response(RtspResponseStatuses.NOT_IMPLEMENTED, cseq));
        }
    }

    private FullHttpResponse options(String cseq) {
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.PUBLIC, PUBLIC);
        return response;
    }

    /** Authenticates and authorises a request for a camera; answers and returns empty when refused. */
    private Optional<Access> authorise(FullHttpRequest request, String cseq) {
        Optional<RtspUrl> url = RtspUrl.parse(request.uri());
        String cameraId = url.map(RtspUrl::cameraId).orElse(null);
        ReaderAuthenticator.Outcome outcome = server.authenticator.authenticate(request.method().name(), request.uri(),
                cameraId, request.headers().get(RtspHeaderNames.AUTHORIZATION), remote.getAddress());
        if (outcome instanceof ReaderAuthenticator.Challenge challenge) {
            challenge(challenge, cseq, cameraId);
            return Optional.empty();
        }
        String user = ((ReaderAuthenticator.Granted) outcome).user();
        Admission.authenticated(ctx.channel());
        if (cameraId == null) {
            respond(response(RtspResponseStatuses.NOT_FOUND, cseq));
            return Optional.empty();
        }
        Decision decision = server.policy.decide(AccessRequest.camera(Protocol.RTSP, remote, user, cameraId));
        switch (decision) {
            case ALLOW -> {
                CameraStream stream = server.cameras.get(cameraId);
                if (stream != null) {
                    return Optional.of(new Access(user, url.get(), stream));
                }
                // A camera a reload is adding or removing this moment.
                respond(response(RtspResponseStatuses.NOT_FOUND, cseq));
            }
            case UNKNOWN_CAMERA -> respond(response(RtspResponseStatuses.NOT_FOUND, cseq));
            case UNAUTHENTICATED -> challenge((ReaderAuthenticator.Challenge) server.authenticator.authenticate(
                    request.method().name(), request.uri(), cameraId, null, remote.getAddress()), cseq, cameraId);
            default -> respond(response(RtspResponseStatuses.FORBIDDEN, cseq));
        }
        return Optional.empty();
    }

    private record Access(String user, RtspUrl url, CameraStream stream) {
    }

    private void challenge(ReaderAuthenticator.Challenge challenge, String cseq, String cameraId) {
        if (challenge.failure() != null) {
            audit.authFailure(challenge.claimedUser(), remote, cameraId, challenge.failure());
        }
        if (challenge.limitCrossed()) {
            log.warn("{}: repeated authentication failures; refusing its logins unchecked and answering late",
                    remote.getAddress().getHostAddress());
            audit.rateLimited(remote);
        }
        FullHttpResponse response = response(RtspResponseStatuses.UNAUTHORIZED, cseq);
        for (String value : challenge.wwwAuthenticate()) {
            response.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, value);
        }
        long delay = challenge.delay().toMillis();
        if (delay <= 0) {
            respond(response);
            return;
        }
        // Nothing more is read from this connection until the late answer is out; requests already read wait.
        holding = true;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            holding = false;
            if (!ctx.channel().isActive()) {
                response.release();
                releaseHeld();
                return;
            }
            respond(response);
            ctx.channel().config().setAutoRead(true);
            while (!holding && !held.isEmpty()) {
                FullHttpRequest next = held.poll();
                try {
                    handleRequest(next);
                } finally {
                    next.release();
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void releaseHeld() {
        FullHttpRequest r;
        while ((r = held.poll()) != null) {
            r.release();
        }
    }

    private void describe(FullHttpRequest request, String cseq) {
        Optional<Access> access = authorise(request, cseq);
        if (access.isEmpty()) {
            return;
        }
        String cameraId = access.get().url().cameraId();
        whenDescribed(access.get().stream(), cseq, description -> {
            FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK,
                    Unpooled.copiedBuffer(description.readerSdp(), StandardCharsets.UTF_8));
            headers(response, cseq);
            response.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
            response.headers().set(RtspHeaderNames.CONTENT_BASE, baseUrl(request, cameraId));
            respond(response);
        });
    }

    /** Runs {@code then} on this connection's loop once the camera is described; answers 503 if it cannot be. */
    private void whenDescribed(CameraStream stream, String cseq, java.util.function.Consumer<StreamDescription> then) {
        stream.describe().whenComplete((description, error) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (error != null) {
                log.info("camera {} unavailable for {}: {}", stream.cameraId(), ReaderAudit.address(remote), error.getMessage());
                respond(response(RtspResponseStatuses.SERVICE_UNAVAILABLE, cseq));
                return;
            }
            then.accept(description);
        }));
    }

    private String baseUrl(FullHttpRequest request, String cameraId) {
        String uri = request.uri();
        int at = uri.indexOf('/' + cameraId);
        String prefix = at > 0 && uri.regionMatches(true, 0, "rtsp", 0, 4) ? uri.substring(0, at) : "";
        return prefix + "/" + cameraId + "/";
    }

    private void setup(FullHttpRequest request, String cseq) {
        Optional<Access> maybe = authorise(request, cseq);
        if (maybe.isEmpty()) {
            return;
        }
        Access access = maybe.get();
        Optional<TransportSpec> transport = TransportSpec.parse(request.headers().get(RtspHeaderNames.TRANSPORT));
        if (transport.isEmpty()) {
            respond(response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq));
            return;
        }
        TransportSpec spec = transport.get();
        if (!spec.tcp() && server.udpRtp == null) {
            respond(response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq));
            return;
        }
        if (spec.destination() != null && !isRemote(spec.destination())) {
            audit.denied(access.user(), remote, access.url().cameraId(), "UDP destination other than the requester");
            respond(response(RtspResponseStatuses.FORBIDDEN, cseq));
            return;
        }
        String sessionHeader = request.headers().get(RtspHeaderNames.SESSION);
        ReaderSession existing = null;
        if (sessionHeader != null) {
            existing = ownSession(sessionHeader, access.user());
            if (existing == null) {
                respond(response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq));
                return;
            }
            if (!existing.cameraId().equals(access.url().cameraId())) {
                respond(response(RtspResponseStatuses.AGGREGATE_OPERATION_NOT_ALLOWED, cseq));
                return;
            }
        }
        ReaderSession known = existing;
        whenDescribed(access.stream(), cseq, description -> completeSetup(access, spec, known, description, cseq));
    }

    private void completeSetup(Access access, TransportSpec spec, ReaderSession existing, StreamDescription description,
                               String cseq) {
        int track = access.url().track();
        int tracks = description.tracks().size();
        if (track < 0) {
            if (tracks != 1) {
                respond(response(RtspResponseStatuses.AGGREGATE_OPERATION_NOT_ALLOWED, cseq));
                return;
            }
            track = 0;
        }
        if (track >= tracks) {
            respond(response(RtspResponseStatuses.NOT_FOUND, cseq));
            return;
        }
        if (existing != null && existing.state() == ReaderSession.State.ENDED) {
            respond(response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq));
            return;
        }
        ReaderSession session = existing;
        if (session != null) {
            if (session.tcp() != spec.tcp() || session.description() != description
                    && !session.description().tracks().equals(description.tracks())) {
                respond(response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq));
                return;
            }
            if (session.isSetUp(track) || session.state() != ReaderSession.State.READY) {
                respond(response(RtspResponseStatuses.METHOD_NOT_VALID, cseq));
                return;
            }
        } else {
            if (sessions.size() >= MAX_SESSIONS_PER_CONNECTION) {
                respond(response(RtspResponseStatuses.SERVICE_UNAVAILABLE, cseq));
                return;
            }
            session = new ReaderSession(server.random, ctx.channel(), access.user(), access.url().cameraId(),
                    access.stream(), description, spec.tcp());
            UserConfig user = server.users.get(access.user());
            if (!server.sessions.tryAdd(session, remote.getAddress(), user == null ? 0 : user.maxSessions())) {
                audit.denied(access.user(), remote, access.url().cameraId(), "session limit reached");
                respond(response(RtspResponseStatuses.SERVICE_UNAVAILABLE, cseq));
                return;
            }
            sessions.put(session.id(), session);
            access.stream().acquire();
        }
        String transport;
        if (spec.tcp()) {
            int rtp = spec.rtpChannel() >= 0 ? spec.rtpChannel() : 2 * track;
            int rtcp = spec.rtpChannel() >= 0 ? spec.rtcpChannel() : 2 * track + 1;
            if (session.channelInUse(rtp) || session.channelInUse(rtcp)) {
                respond(response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq));
                return;
            }
            session.setUpTcp(track, rtp, rtcp);
            transport = "RTP/AVP/TCP;unicast;interleaved=" + rtp + "-" + rtcp;
        } else {
            InetSocketAddress rtcpTarget = new InetSocketAddress(remote.getAddress(), spec.rtcpPort());
            session.setUpUdp(track, new InetSocketAddress(remote.getAddress(), spec.rtpPort()), rtcpTarget);
            server.udpRtcpSources.put(rtcpTarget, session);
            int serverRtp = ((InetSocketAddress) server.udpRtp.localAddress()).getPort();
            int serverRtcp = ((InetSocketAddress) server.udpRtcp.localAddress()).getPort();
            transport = "RTP/AVP;unicast;client_port=" + spec.rtpPort() + "-" + spec.rtcpPort()
                    + ";server_port=" + serverRtp + "-" + serverRtcp;
        }
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.TRANSPORT, transport);
        response.headers().set(RtspHeaderNames.SESSION, session.id() + ";timeout=" + config.sessionTimeout().toSeconds());
        respond(response);
    }

    private boolean isRemote(String destination) {
        String host = destination.startsWith("[") && destination.endsWith("]")
                ? destination.substring(1, destination.length() - 1) : destination;
        return host.equals(remote.getAddress().getHostAddress())
                || remote.getAddress().isLoopbackAddress() && (host.equals("127.0.0.1") || host.equals("::1"));
    }

    /** The session named by a Session header if this connection and user own it. */
    private ReaderSession ownSession(String header, String user) {
        String id = header.split(";", 2)[0].trim();
        ReaderSession session = sessions.get(id);
        if (session == null || user != null && !session.user().equals(user)) {
            if (session == null && server.sessions.find(id).isPresent()) {
                audit.denied(user, remote, server.sessions.find(id).get().cameraId(), "session of another connection");
            }
            return null;
        }
        return session;
    }

    private ReaderSession sessionFor(FullHttpRequest request, String cseq) {
        String header = request.headers().get(RtspHeaderNames.SESSION);
        ReaderSession session = header == null ? null : ownSession(header, null);
        if (session == null) {
            respond(response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq));
            return null;
        }
        session.touch();
        return session;
    }

    private void play(FullHttpRequest request, String cseq) {
        ReaderSession session = sessionFor(request, cseq);
        if (session == null) {
            return;
        }
        if (!session.anyTrackSetUp()) {
            respond(response(RtspResponseStatuses.METHOD_NOT_VALID, cseq));
            return;
        }
        if (session.state() == ReaderSession.State.PLAYING) {
            FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
            response.headers().set(RtspHeaderNames.SESSION, session.id());
            respond(response);
            return;
        }
        BoundedReader reader = newReader(session);
        boolean firstPlay = !session.started();
        session.playing(reader);
        String base = baseUrl(request, session.cameraId());
        session.stream().attach(reader, starts -> {
            Runnable answer = () -> {
                FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
                response.headers().set(RtspHeaderNames.SESSION, session.id());
                response.headers().set(RtspHeaderNames.RANGE, "npt=now-");
                String rtpInfo = rtpInfo(session, starts, base);
                if (!rtpInfo.isEmpty()) {
                    response.headers().set(RtspHeaderNames.RTP_INFO, rtpInfo);
                }
                respond(response);
                if (firstPlay) {
                    audit.sessionStart(session, remote);
                }
            };
            if (ctx.executor().inEventLoop()) {
                answer.run();
            } else {
                ctx.executor().execute(answer);
            }
        });
    }

    private static String rtpInfo(ReaderSession session, CameraStream.RtpStart[] starts, String base) {
        StringBuilder info = new StringBuilder();
        for (int track = 0; track < starts.length; track++) {
            if (starts[track] == null || !session.isSetUp(track)) {
                continue;
            }
            if (info.length() > 0) {
                info.append(',');
            }
            info.append("url=").append(base).append("trackID=").append(track)
                    .append(";seq=").append(starts[track].sequenceNumber())
                    .append(";rtptime=").append(starts[track].rtpTimestamp());
        }
        return info.toString();
    }

    private BoundedReader newReader(ReaderSession session) {
        long stallNanos = config.sessionTimeout().toNanos();
        if (session.tcp()) {
            return new TcpReader(ctx.channel(), session.rtpChannels(), session.rtcpChannels(), config.readerQueueBytes(),
                    stallNanos);
        }
        return new UdpReader(server.udpRtp, server.udpRtcp, session.rtpTargets(), session.rtcpTargets(),
                config.readerQueueBytes(), stallNanos,
                () -> ctx.executor().execute(() -> endSession(session, "stalled")));
    }

    private void pause(FullHttpRequest request, String cseq) {
        ReaderSession session = sessionFor(request, cseq);
        if (session == null) {
            return;
        }
        if (session.state() == ReaderSession.State.PLAYING) {
            session.stream().detach(session.paused());
        }
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.SESSION, session.id());
        respond(response);
    }

    private void teardown(FullHttpRequest request, String cseq) {
        ReaderSession session = sessionFor(request, cseq);
        if (session == null) {
            return;
        }
        endSession(session, "teardown");
        respond(response(RtspResponseStatuses.OK, cseq));
    }

    private void keepAlive(FullHttpRequest request, String cseq) {
        String header = request.headers().get(RtspHeaderNames.SESSION);
        if (header != null && sessionFor(request, cseq) == null) {
            return;
        }
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        if (header != null) {
            response.headers().set(RtspHeaderNames.SESSION, header.split(";", 2)[0].trim());
        }
        respond(response);
    }

    /**
     * Ends {@code session} with {@code reason} and closes its connection (a reload took the camera or the user's
     * permission away, or restarted the camera's session). Runs on the connection's loop.
     */
    void endAndClose(ReaderSession session, String reason) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> endAndClose(session, reason));
            return;
        }
        if (sessions.get(session.id()) == session) {
            endSession(session, reason);
        }
        ctx.close();
    }

    private void endSession(ReaderSession session, String reason) {
        if (session.state() == ReaderSession.State.ENDED) {
            return;
        }
        if (session.state() == ReaderSession.State.PLAYING) {
            session.stream().detach(session.reader());
        }
        session.ended();
        for (InetSocketAddress rtcp : session.rtcpTargets()) {
            if (rtcp != null) {
                server.udpRtcpSources.remove(rtcp, session);
            }
        }
        sessions.remove(session.id());
        server.sessions.remove(session, remote.getAddress());
        session.stream().release();
        if (session.started()) {
            audit.sessionEnd(session, remote, reason);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        RtspMessageDecoder decoder = ctx.pipeline().get(RtspMessageDecoder.class);
        boolean silent = !anyRequest && now - connectedNanos > config.requestTimeout().toNanos();
        if (silent || decoder != null && decoder.partialMessageAgeNanos(now) > config.requestTimeout().toNanos()) {
            log.debug("{}: request not completed within {}; closing", ReaderAudit.address(remote), config.requestTimeout());
            ctx.close();
            return;
        }
        for (ReaderSession session : new ArrayList<>(sessions.values())) {
            if (!session.tcp() && session.idleNanos(now) > config.sessionTimeout().toNanos()) {
                endSession(session, "timeout");
            }
        }
        if (sessions.isEmpty() && now - lastRequestNanos > config.idleTimeout().toNanos()) {
            ctx.close();
        }
    }

    private FullHttpResponse response(HttpResponseStatus status, String cseq) {
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status);
        headers(response, cseq);
        return response;
    }

    private static void headers(FullHttpResponse response, String cseq) {
        if (cseq != null) {
            response.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        response.headers().set(RtspHeaderNames.SERVER, "camgate");
    }

    private void respond(FullHttpResponse response) {
        ctx.writeAndFlush(response, ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            log.debug("{}: {}", ReaderAudit.address(remote), cause.toString());
        } else {
            log.warn("{}: unexpected error; closing the connection", ReaderAudit.address(remote), cause);
        }
        ctx.close();
    }
}
