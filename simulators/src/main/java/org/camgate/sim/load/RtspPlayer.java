package org.camgate.sim.load;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.camgate.protocol.auth.DigestClient;
import org.camgate.protocol.rtsp.InterleavedFrame;
import org.camgate.protocol.rtsp.RtspDecodeFailure;
import org.camgate.protocol.sdp.ControlUrl;
import org.camgate.protocol.sdp.MediaDescription;
import org.camgate.protocol.sdp.SessionDescription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One load reader's RTSP conversation: DESCRIBE, SETUP of every video track over TCP interleaved
 * (channels {@code 2i, 2i+1} for media section {@code i}) or of the first video track over UDP, PLAY, then an OPTIONS keep-alive at a
 * fixed interval. Answers a 401 with Digest credentials when it has some. Media frames are
 * counted by {@link ReaderStats} and released at once. One request is outstanding at a time.
 */
final class RtspPlayer extends ChannelInboundHandlerAdapter {
    private final LoadTarget target;
    private final ReaderStats stats;
    private final Duration keepAlive;
    private final DigestClient digest;
    private final UdpMediaPorts udp;
    private final Deque<Request> setups = new ArrayDeque<>();
    private Request pending;
    private int cseq;
    private String session;
    private String playUrl;
    private boolean playing;
    private ScheduledFuture<?> keepAliveTask;

    /** A request as sent, so it can be repeated with credentials after a 401. */
    private record Request(HttpMethod method, String uri, String transport) {
    }

    /** {@code udp} null for TCP interleaved transport. */
    RtspPlayer(LoadTarget target, ReaderStats stats, Duration keepAlive, UdpMediaPorts udp) {
        this.target = target;
        this.stats = stats;
        this.keepAlive = keepAlive;
        this.udp = udp;
        this.digest = target.hasCredentials() ? new DigestClient(target.username(), target.password()) : null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        send(ctx, new Request(RtspMethods.DESCRIBE, target.url(), null));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof InterleavedFrame frame) {
                stats.onFrame(frame.channel(), frame.content());
            } else if (msg instanceof FullHttpResponse response) {
                onResponse(ctx, response);
            } else if (msg instanceof RtspDecodeFailure failure && failure.fatal()) {
                fail(ctx, "undecodable input: " + failure.reason());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onResponse(ChannelHandlerContext ctx, FullHttpResponse response) {
        Request request = pending;
        pending = null;
        if (request == null) {
            return;
        }
        HttpResponseStatus status = response.status();
        if (status.code() == 401 && digest != null
                && digest.onUnauthorized(response.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE))) {
            send(ctx, request);
            return;
        }
        if (status.code() != 200) {
            if (!playing) {
                fail(ctx, request.method() + ": " + status);
            }
            return;
        }
        if (request.method().equals(RtspMethods.DESCRIBE)) {
            onDescribed(ctx, request, response);
        } else if (request.method().equals(RtspMethods.SETUP)) {
            onSetUp(ctx, response);
        } else if (request.method().equals(RtspMethods.PLAY)) {
            playing = true;
            stats.playing();
            long period = keepAlive.toMillis();
            keepAliveTask = ctx.executor().scheduleAtFixedRate(() -> sendKeepAlive(ctx), period, period,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void onDescribed(ChannelHandlerContext ctx, Request request, FullHttpResponse response) {
        String base = response.headers().get(RtspHeaderNames.CONTENT_BASE, request.uri());
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(response.content().toString(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            fail(ctx, "DESCRIBE: bad SDP: " + e.getMessage());
            return;
        }
        playUrl = ControlUrl.resolve(base, sdp.control().orElse(null));
        List<MediaDescription> media = sdp.media();
        for (int i = 0; i < media.size(); i++) {
            if (media.get(i).type().equals("video") && (udp == null || setups.isEmpty())) {
                String url = ControlUrl.resolve(base, media.get(i).control().orElse(null));
                // Over UDP only the first video track is played: the datagrams then count as track 0.
                int track = udp == null ? i : 0;
                stats.clockRate(track, media.get(i).clockRate());
                setups.add(new Request(RtspMethods.SETUP, url, udp == null
                        ? "RTP/AVP/TCP;unicast;interleaved=" + (2 * i) + "-" + (2 * i + 1)
                        : "RTP/AVP;unicast;client_port=" + udp.rtpPort() + "-" + (udp.rtpPort() + 1)));
            }
        }
        if (setups.isEmpty()) {
            fail(ctx, "DESCRIBE: no video track");
            return;
        }
        send(ctx, setups.poll());
    }

    private void onSetUp(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (session == null) {
            String value = response.headers().get(RtspHeaderNames.SESSION);
            if (value == null) {
                fail(ctx, "SETUP: no Session header");
                return;
            }
            session = value.split(";", 2)[0].trim();
        }
        Request next = setups.poll();
        send(ctx, next != null ? next : new Request(RtspMethods.PLAY, playUrl, null));
    }

    private void sendKeepAlive(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && pending == null) {
            send(ctx, new Request(RtspMethods.OPTIONS, playUrl, null));
        }
    }

    private void send(ChannelHandlerContext ctx, Request request) {
        FullHttpRequest message = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, request.method(), request.uri(),
                Unpooled.EMPTY_BUFFER);
        message.headers().set(RtspHeaderNames.CSEQ, ++cseq);
        message.headers().set(RtspHeaderNames.USER_AGENT, "camgate-sim-load");
        if (request.method().equals(RtspMethods.DESCRIBE)) {
            message.headers().set(RtspHeaderNames.ACCEPT, "application/sdp");
        }
        if (request.transport() != null) {
            message.headers().set(RtspHeaderNames.TRANSPORT, request.transport());
        }
        if (session != null) {
            message.headers().set(RtspHeaderNames.SESSION, session);
        }
        if (digest != null && digest.hasChallenge()) {
            message.headers().set(RtspHeaderNames.AUTHORIZATION,
                    digest.authorization(request.method().name(), request.uri()));
        }
        pending = request;
        ctx.writeAndFlush(message, ctx.voidPromise());
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        stats.failed(reason);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (keepAliveTask != null) {
            keepAliveTask.cancel(false);
        }
        if (udp != null) {
            udp.close();
        }
        stats.failed("connection closed" + (playing ? " while playing" : ""));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
