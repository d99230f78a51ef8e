package org.camgate.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.camgate.protocol.auth.DigestClient;
import org.camgate.protocol.rtsp.InterleavedFrame;
import org.camgate.protocol.rtsp.RtspDecodeFailure;
import org.camgate.protocol.rtsp.RtspLimits;
import org.camgate.protocol.rtsp.RtspMessageDecoder;
import org.camgate.protocol.rtsp.RtspMessageEncoder;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.UpstreamListener;
import org.camgate.stream.UpstreamSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One RTSP session to a camera: OPTIONS, DESCRIBE, SETUP of the tracks readers may get (audio
 * only when kept), PLAY, then keep-alives while media arrives interleaved. Runs entirely on the
 * camera stream's event loop. Any failure closes the session with a reason; the stream reconnects.
 */
final class RtspCameraSession implements UpstreamSource.UpstreamSession {
    private static final RtspMessageEncoder ENCODER = new RtspMessageEncoder();

    private final String cameraId;
    private final URI uri;
    private final String requestUri;
    private final CameraCredentials credentials;
    private final boolean keepAudio;
    private final boolean udp;
    private final Duration timeout;
    private final UpstreamListener listener;

    private Channel channel;
    private boolean closed;
    private boolean playing;
    private int cseq;
    private PendingRequest pending;
    private DigestClient auth;
    private String sessionId;
    private int keepAliveSeconds = 60;
    private boolean getParameterSupported;
    private CameraDescription described;
    private int nextSetup;
    private int[] channelToTrack = new int[256];
    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> mediaWatchdog;
    private final List<UdpMediaReceiver> receivers = new java.util.ArrayList<>();
    private long lastMediaNanos;

    RtspCameraSession(String cameraId, URI uri, CameraCredentials credentials, boolean keepAudio, boolean udp,
                      Duration timeout, UpstreamListener listener) {
        this.cameraId = cameraId;
        this.uri = uri;
        this.requestUri = uri.toString();
        this.credentials = credentials;
        this.keepAudio = keepAudio;
        this.udp = udp;
        this.timeout = timeout;
        this.listener = listener;
        java.util.Arrays.fill(channelToTrack, -1);
    }

    void connect(Bootstrap bootstrap) {
        int port = uri.getPort() > 0 ? uri.getPort() : 554;
        ChannelFuture future = bootstrap
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast("read-timeout", new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("rtsp-decoder", new RtspMessageDecoder(RtspLimits.CLIENT))
                                .addLast("rtsp-encoder", ENCODER)
                                .addLast("camera-session", new Handler());
                    }
                })
                .connect(uri.getHost(), port);
        channel = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess()) {
                fail("cannot connect to camera: " + describe(f.cause()));
            } else if (!closed) {
                send(RtspMethods.OPTIONS, requestUri, this::onOptions);
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimers();
        receivers.forEach(UdpMediaReceiver::close);
        if (channel == null) {
            return;
        }
        if (sessionId != null && channel.isActive()) {
            FullHttpRequest teardown = request(RtspMethods.TEARDOWN, requestUri);
            channel.writeAndFlush(teardown).addListener(f -> channel.close());
        } else {
            channel.close();
        }
    }

    private void onOptions(FullHttpResponse response) {
        String methods = response.headers().get(RtspHeaderNames.PUBLIC, "");
        getParameterSupported = methods.toUpperCase(java.util.Locale.ROOT).contains("GET_PARAMETER");
        send(RtspMethods.DESCRIBE, requestUri, this::onDescribe, "Accept", "application/sdp");
    }

    private void onDescribe(FullHttpResponse response) {
        String base = firstNonNull(response.headers().get(RtspHeaderNames.CONTENT_BASE),
                response.headers().get(RtspHeaderNames.CONTENT_LOCATION), requestUri);
        try {
            described = CameraDescription.of(response.content().toString(StandardCharsets.UTF_8), base, cameraId, keepAudio);
        } catch (IllegalArgumentException e) {
            fail("camera sent an unusable SDP: " + e.getMessage());
            return;
        }
        if (described.setupUrls().isEmpty()) {
            fail("camera offers no track readers may receive");
            return;
        }
        setupNext();
    }

    private void setupNext() {
        int track = nextSetup++;
        if (udp) {
            setupUdp(track);
            return;
        }
        String transport = "RTP/AVP/TCP;unicast;interleaved=" + (2 * track) + "-" + (2 * track + 1);
        send(RtspMethods.SETUP, described.setupUrls().get(track), r -> onSetup(track, r), "Transport", transport);
    }

    private void setupUdp(int track) {
        java.net.InetAddress local = ((java.net.InetSocketAddress) channel.localAddress()).getAddress();
        java.net.InetAddress camera = ((java.net.InetSocketAddress) channel.remoteAddress()).getAddress();
        UdpMediaReceiver.bind(channel.eventLoop(), local, camera, (packet, control) -> onUdpMedia(track, packet, control),
                (receiver, error) -> {
                    if (closed) {
                        if (receiver != null) {
                            receiver.close();
                        }
                        return;
                    }
                    if (receiver == null) {
                        fail("cannot bind UDP ports for the camera's media: " + describe(error));
                        return;
                    }
                    receivers.add(receiver);
                    String transport = "RTP/AVP;unicast;client_port=" + receiver.rtpPort() + "-" + receiver.rtcpPort();
                    send(RtspMethods.SETUP, described.setupUrls().get(track), r -> onSetup(track, r), "Transport", transport);
                });
    }

    private void onUdpMedia(int track, ByteBuf packet, boolean control) {
        if (closed || !playing) {
            packet.release();
            return;
        }
        lastMediaNanos = System.nanoTime();
        if (control) {
            listener.onRtcp(track, packet);
        } else {
            listener.onRtp(track, packet);
        }
    }

    private void onSetup(int track, FullHttpResponse response) {
        String session = response.headers().get(RtspHeaderNames.SESSION);
        if (session == null) {
            fail("camera answered SETUP without a session");
            return;
        }
        String[] parts = session.split(";");
        sessionId = parts[0].trim();
        for (String part : parts) {
            String p = part.trim();
            if (p.startsWith("timeout=")) {
                try {
                    keepAliveSeconds = Math.max(5, Math.min(300, Integer.parseInt(p.substring(8).trim())));
                } catch (NumberFormatException ignored) {
                    // keep the default
                }
            }
        }
        String transport = response.headers().get(RtspHeaderNames.TRANSPORT, "");
        if (udp) {
            if (transport.toUpperCase(java.util.Locale.ROOT).contains("/TCP")) {
                fail("camera refused UDP transport; configure transport: tcp");
                return;
            }
        } else {
            int[] interleaved = interleavedChannels(transport, track);
            channelToTrack[interleaved[0]] = 2 * track;
            channelToTrack[interleaved[1]] = 2 * track + 1;
        }
        if (nextSetup < described.setupUrls().size()) {
            setupNext();
        } else {
            send(RtspMethods.PLAY, described.aggregateUrl(), this::onPlay, "Range", "npt=0.000-");
        }
    }

    private static int[] interleavedChannels(String transport, int track) {
        if (transport != null) {
            for (String param : transport.split(";")) {
                String p = param.trim();
                if (p.startsWith("interleaved=")) {
                    String[] range = p.substring(12).split("-");
                    try {
                        int rtp = Integer.parseInt(range[0].trim());
                        int rtcp = range.length > 1 ? Integer.parseInt(range[1].trim()) : rtp + 1;
                        if (rtp >= 0 && rtp < 256 && rtcp >= 0 && rtcp < 256) {
                            return new int[] {rtp, rtcp};
                        }
                    } catch (NumberFormatException ignored) {
                        // fall back to what we asked for
                    }
                }
            }
        }
        return new int[] {2 * track, 2 * track + 1};
    }

    private void onPlay(FullHttpResponse response) {
        playing = true;
        lastMediaNanos = System.nanoTime();
        if (udp) {
            // Media no longer arrives on the RTSP connection: watch the UDP ports instead.
            channel.pipeline().remove("read-timeout");
            mediaWatchdog = channel.eventLoop().scheduleAtFixedRate(() -> {
                if (!closed && System.nanoTime() - lastMediaNanos > timeout.toNanos()) {
                    fail("no media from the camera over UDP for " + timeout.toSeconds() + " s");
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
        long period = Math.max(1, keepAliveSeconds / 2);
        keepAlive = channel.eventLoop().scheduleAtFixedRate(() -> {
            HttpMethod method = getParameterSupported ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS;
            if (pending == null) {
                send(method, described.aggregateUrl(), r -> { });
            }
        }, period, period, TimeUnit.SECONDS);
        listener.onPlaying(new StreamDescription(described.readerSdp(), described.tracks()));
    }

    private void send(HttpMethod method, String url, ResponseHandler handler, String... headers) {
        if (closed || !channel.isActive()) {
            return;
        }
        FullHttpRequest request = request(method, url);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        pending = new PendingRequest(method, url, headers, handler, cseq);
        channel.writeAndFlush(request);
    }

    private FullHttpRequest request(HttpMethod method, String url) {
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, url);
        request.headers().set(RtspHeaderNames.CSEQ, String.valueOf(++cseq));
        request.headers().set(RtspHeaderNames.USER_AGENT, "camgate");
        if (sessionId != null) {
            request.headers().set(RtspHeaderNames.SESSION, sessionId);
        }
        if (auth != null && auth.hasChallenge()) {
            request.headers().set(RtspHeaderNames.AUTHORIZATION, auth.authorization(method.name(), url));
        }
        return request;
    }

    private void onResponse(FullHttpResponse response) {
        PendingRequest request = pending;
        if (request == null || !String.valueOf(request.cseq()).equals(response.headers().get(RtspHeaderNames.CSEQ))) {
            return;
        }
        pending = null;
        int code = response.status().code();
        if (code == 401 && credentials.present()) {
            if (auth == null) {
                auth = new DigestClient(credentials.username(), credentials.password(), credentials.allowBasic());
            }
            if (!auth.onUnauthorized(response.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE))) {
                fail(auth.basicRefused() ? BASIC_REFUSED : "camera refused the configured credentials");
                return;
            }
            send(request.method(), request.url(), request.handler(), request.headers());
            return;
        }
        if (code == 401) {
            fail(credentials.present() ? "camera refused the configured credentials" : "camera requires credentials");
            return;
        }
        if (code < 200 || code >= 300) {
            if (playing) {
                return;
            }
            fail("camera answered " + request.method() + " with " + code + " " + response.status().reasonPhrase());
            return;
        }
        request.handler().handle(response);
    }

    /**
     * Why a session ends when the camera offers only Basic and its configuration does not allow it (the stream logs
     * it after the camera's id: "camera entrance: camera offers only Basic ...").
     */
    static final String BASIC_REFUSED = "camera offers only Basic authentication over plain rtsp://, which would send"
            + " its password in cleartext; set allowBasic: true on this camera to allow it";

    private void fail(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimers();
        receivers.forEach(UdpMediaReceiver::close);
        if (channel != null) {
            channel.close();
        }
        listener.onClosed(reason);
    }

    private void cancelTimers() {
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {keepAlive, mediaWatchdog}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private static String describe(Throwable cause) {
        return NetworkErrors.describe(cause);
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface ResponseHandler {
        void handle(FullHttpResponse response);
    }

    private record PendingRequest(HttpMethod method, String url, String[] headers, ResponseHandler handler, int cseq) {
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (closed) {
                return;
            }
            if (msg instanceof InterleavedFrame frame) {
                int mapped = channelToTrack[frame.channel()];
                if (mapped < 0) {
                    return;
                }
                ByteBuf payload = frame.content().retain();
                if (mapped % 2 == 0) {
                    listener.onRtp(mapped / 2, payload);
                } else {
                    listener.onRtcp(mapped / 2, payload);
                }
            } else if (msg instanceof FullHttpResponse response) {
                onResponse(response);
            } else if (msg instanceof RtspDecodeFailure failure) {
                fail("camera sent malformed RTSP: " + failure.reason());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(playing ? "camera closed the connection" : "camera closed the connection during setup");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(describe(cause));
        }
    }
}
