package org.camgate.sim.camera;

import org.camgate.protocol.rtsp.TransportSpec;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.util.ReferenceCountUtil;
import org.camgate.protocol.rtsp.InterleavedFrame;
import org.camgate.protocol.rtsp.RtspDecodeFailure;

import java.net.InetSocketAddress;

/**
 * One RTSP connection to the simulated camera: answers OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE,
 * TEARDOWN and GET/SET_PARAMETER. Holds at most one session, which ends with the connection.
 * Interleaved frames from the client (receiver reports) are released.
 */
final class RtspCameraHandler extends ChannelInboundHandlerAdapter {
    static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

    private final CameraDirectory cameras;
    private final UdpMediaPorts udpPorts;
    private final RequestAuthenticator authenticator;
    private RtspSession session;

    RtspCameraHandler(CameraDirectory cameras, UdpMediaPorts udpPorts, RequestAuthenticator authenticator) {
        this.cameras = cameras;
        this.udpPorts = udpPorts;
        this.authenticator = authenticator;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            try {
                FullHttpResponse response = handle(ctx, request);
                if (response != null) {
                    ctx.writeAndFlush(response);
                }
            } finally {
                request.release();
            }
        } else if (msg instanceof RtspDecodeFailure failure) {
            var write = ctx.writeAndFlush(RtspResponses.of(failure.status(), failure.cseq()));
            if (failure.fatal()) {
                write.addListener(ChannelFutureListener.CLOSE);
            }
        } else if (msg instanceof InterleavedFrame frame) {
            frame.release();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endSession();
        ctx.fireChannelInactive();
    }

    /** The response to send now, or null when it will be sent later (PLAY). */
    private FullHttpResponse handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String cseq = request.headers().get(RtspHeaderNames.CSEQ);
        HttpMethod method = request.method();
        RtspTarget target = RtspTarget.parse(request.uri());
        SimCamera camera = target == null ? null : cameras.find(target.path());
        if (camera != null) {
            if (camera.faults().isDown()) {
                // A rebooting camera answers nothing: its connections drop.
                ctx.close();
                return null;
            }
            camera.clients().add(ctx.channel());
        }
        if (method.equals(RtspMethods.OPTIONS)) {
            FullHttpResponse response = RtspResponses.of(HttpResponseStatus.OK, cseq);
            response.headers().set(RtspHeaderNames.PUBLIC, PUBLIC);
            return response;
        }
        if (camera == null) {
            return RtspResponses.of(HttpResponseStatus.NOT_FOUND, cseq);
        }
        String changedPassword = camera.faults().changedPassword();
        if (camera.config().requiresAuth() || changedPassword != null) {
            String username = camera.config().requiresAuth() ? camera.config().username() : "admin";
            String password = changedPassword != null ? changedPassword : camera.config().password();
            var challenges = authenticator.check(request, username, password);
            if (!challenges.isEmpty()) {
                FullHttpResponse response = RtspResponses.of(HttpResponseStatus.UNAUTHORIZED, cseq);
                challenges.forEach(c -> response.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, c));
                return response;
            }
        }
        RtspRequestContext context = new RtspRequestContext(ctx, request, cseq, target, camera);
        if (method.equals(RtspMethods.DESCRIBE)) {
            return describe(context);
        }
        if (method.equals(RtspMethods.SETUP)) {
            return setup(context);
        }
        String sessionId = sessionId(request);
        if (sessionId != null && (session == null || !session.id().equals(sessionId))) {
            return RtspResponses.of(RtspResponseStatuses.SESSION_NOT_FOUND, cseq);
        }
        if (method.equals(RtspMethods.GET_PARAMETER) || method.equals(RtspMethods.SET_PARAMETER)) {
            return withSession(RtspResponses.of(HttpResponseStatus.OK, cseq));
        }
        if (session == null || session.camera() != camera) {
            return RtspResponses.of(RtspResponseStatuses.SESSION_NOT_FOUND, cseq);
        }
        if (method.equals(RtspMethods.PLAY)) {
            return play(context);
        }
        if (method.equals(RtspMethods.PAUSE)) {
            session.pause();
            return withSession(RtspResponses.of(HttpResponseStatus.OK, cseq));
        }
        if (method.equals(RtspMethods.TEARDOWN)) {
            FullHttpResponse response = withSession(RtspResponses.of(HttpResponseStatus.OK, cseq));
            endSession();
            return response;
        }
        FullHttpResponse response = RtspResponses.of(HttpResponseStatus.METHOD_NOT_ALLOWED, cseq);
        response.headers().set(RtspHeaderNames.ALLOW, PUBLIC);
        return response;
    }

    private FullHttpResponse describe(RtspRequestContext c) {
        InetSocketAddress local = (InetSocketAddress) c.ctx().channel().localAddress();
        String sdp = SdpWriter.write(c.camera().config(), c.camera().video(), local.getAddress().getHostAddress(),
                System.identityHashCode(c.camera()) & 0x7fffffffL);
        FullHttpResponse response = RtspResponses.withBody(HttpResponseStatus.OK, c.cseq(), "application/sdp", sdp);
        response.headers().set(RtspHeaderNames.CONTENT_BASE, c.target().base() + "/");
        return response;
    }

    private FullHttpResponse setup(RtspRequestContext c) {
        int track = c.target().track();
        if (track < 1 || track > c.camera().trackCount()) {
            return RtspResponses.of(HttpResponseStatus.NOT_FOUND, c.cseq());
        }
        String sessionId = sessionId(c.request());
        if (session != null && ((sessionId != null && !session.id().equals(sessionId))
                || session.camera() != c.camera())) {
            return RtspResponses.of(RtspResponseStatuses.AGGREGATE_OPERATION_NOT_ALLOWED, c.cseq());
        }
        if (session == null && sessionId != null) {
            return RtspResponses.of(RtspResponseStatuses.SESSION_NOT_FOUND, c.cseq());
        }
        TransportSpec spec = TransportSpec.parse(c.request().headers().get(RtspHeaderNames.TRANSPORT)).orElse(null);
        if (spec == null) {
            return RtspResponses.of(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, c.cseq());
        }
        RtspSession target = session != null ? session : new RtspSession(c.camera());
        InetSocketAddress remote = (InetSocketAddress) c.ctx().channel().remoteAddress();
        String transport = target.setup(track - 1, spec, remote.getAddress(), udpPorts);
        if (transport == null) {
            return RtspResponses.of(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, c.cseq());
        }
        session = target;
        FullHttpResponse response = withSession(RtspResponses.of(HttpResponseStatus.OK, c.cseq()));
        response.headers().set(RtspHeaderNames.TRANSPORT, transport);
        return response;
    }

    private FullHttpResponse play(RtspRequestContext c) {
        if (!session.hasTracks()) {
            return RtspResponses.of(RtspResponseStatuses.METHOD_NOT_VALID, c.cseq());
        }
        RtspSession playing = session;
        String sessionHeader = playing.header();
        playing.camera().player().addSink(playing.sink(c.ctx().channel(), udpPorts), positions -> {
            FullHttpResponse response = RtspResponses.of(HttpResponseStatus.OK, c.cseq());
            response.headers().set(RtspHeaderNames.SESSION, sessionHeader);
            response.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
            response.headers().set(RtspHeaderNames.RTP_INFO, rtpInfo(c.target(), playing, positions));
            c.ctx().channel().writeAndFlush(response);
        });
        return null;
    }

    private static String rtpInfo(RtspTarget target, RtspSession playing, StreamPlayer.Position[] positions) {
        StringBuilder info = new StringBuilder();
        for (int i = 0; i < positions.length; i++) {
            if (playing.isSetUp(i)) {
                info.append(info.length() == 0 ? "" : ",").append("url=").append(target.controlUrl(i + 1))
                        .append(";seq=").append(positions[i].sequence())
                        .append(";rtptime=").append(positions[i].rtpTime() & 0xFFFFFFFFL);
            }
        }
        return info.toString();
    }

    private FullHttpResponse withSession(FullHttpResponse response) {
        if (session != null) {
            response.headers().set(RtspHeaderNames.SESSION, session.header());
        }
        return response;
    }

    private static String sessionId(FullHttpRequest request) {
        String header = request.headers().get(RtspHeaderNames.SESSION);
        return header == null ? null : header.split(";")[0].trim();
    }

    private void endSession() {
        if (session != null) {
            session.pause();
            session = null;
        }
    }

    /** What the per-method steps need to know about one request. */
    private record RtspRequestContext(ChannelHandlerContext ctx, FullHttpRequest request, String cseq,
                                      RtspTarget target, SimCamera camera) {
    }
}
