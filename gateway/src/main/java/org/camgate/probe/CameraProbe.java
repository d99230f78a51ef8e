package org.camgate.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camgate.config.AudioPolicy;
import org.camgate.config.CameraConfig;
import org.camgate.config.GatewayConfig;
import org.camgate.config.SourceConfig;
import org.camgate.config.UpstreamTransport;
import org.camgate.event.EventBus;
import org.camgate.onvif.VideoInfo;
import org.camgate.onvif.VideoInfoParser;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.UpstreamListener;
import org.camgate.stream.UpstreamSource;
import org.camgate.upstream.CameraCredentials;
import org.camgate.upstream.RtspCameraSource;
import org.camgate.upstream.onvif.OnvifCameras;
import org.camgate.upstream.onvif.OnvifClientSettings;

/**
 * {@code check-config --probe}: opens one session to every camera of a configuration the way the gateway would (RTSP
 * DESCRIBE, SETUP and PLAY with the camera's credentials; for ONVIF cameras GetProfiles and GetStreamUri first),
 * reads codec and resolution from what the camera describes, and ends the session (TEARDOWN). All cameras at once;
 * each within {@code timeout}. Credentials stay with the camera sessions and are never in a result.
 */
public final class CameraProbe implements AutoCloseable {
    private final GatewayConfig config;
    private final Duration timeout;
    private final EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("probe", true));
    private final Bootstrap bootstrap = new Bootstrap().channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true);
    private OnvifCameras onvif;

    public CameraProbe(GatewayConfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    /** Probes every camera of the configuration; results in the configuration's order. */
    public List<ProbeResult> probeAll() {
        List<CompletableFuture<ProbeResult>> pending = new ArrayList<>();
        for (CameraConfig camera : config.cameras()) {
            pending.add(probe(camera));
        }
        List<ProbeResult> results = new ArrayList<>();
        for (CompletableFuture<ProbeResult> f : pending) {
            results.add(f.join());
        }
        return results;
    }

    private CompletableFuture<ProbeResult> probe(CameraConfig camera) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        UpstreamSource source;
        try {
            source = source(camera);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ProbeResult.failed(camera.id(), e.getMessage()));
        }
        EventLoop loop = group.next();
        UpstreamSource.UpstreamSession session = source.open(loop, new UpstreamListener() {
            @Override
            public void onPlaying(StreamDescription description) {
                VideoInfo video = VideoInfoParser.parse(description);
                boolean hasVideo = description.tracks().stream().anyMatch(t -> t.video());
                result.complete(new ProbeResult(camera.id(), true, hasVideo ? video.encoding() : "",
                        video.known() ? video.width() + "x" + video.height() : "",
                        hasVideo ? "" : "no video track"));
            }

            @Override
            public void onRtp(int track, ByteBuf rtp) {
                rtp.release();
            }

            @Override
            public void onRtcp(int track, ByteBuf rtcp) {
                rtcp.release();
            }

            @Override
            public void onClosed(String reason) {
                result.complete(ProbeResult.failed(camera.id(), reason));
            }
        });
        return result.completeOnTimeout(ProbeResult.failed(camera.id(), "no answer within " + timeout.toMillis() + " ms"),
                timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> loop.execute(session::close));   // after the callback that completed it
    }

    /** The camera's source, as the gateway builds it. */
    private UpstreamSource source(CameraConfig camera) {
        boolean keepAudio = camera.audio() == AudioPolicy.KEEP;
        boolean udp = camera.transport() == UpstreamTransport.UDP;
        Duration rtspTimeout = config.rtsp().upstreamTimeout();
        if (camera.source() instanceof SourceConfig.Onvif o) {
            if (onvif == null) {
                onvif = new OnvifCameras(config.site(), new EventBus(), Clock.systemUTC(), OnvifClientSettings.DEFAULTS);
            }
            return onvif.source(camera.id(), o, keepAudio, udp, camera.allowBasic(), rtspTimeout, bootstrap);
        }
        SourceConfig.Rtsp rtsp = (SourceConfig.Rtsp) camera.source();
        CameraCredentials credentials = rtsp.username() == null ? CameraCredentials.NONE
                : new CameraCredentials(rtsp.username(), rtsp.password(), camera.allowBasic());
        return new RtspCameraSource(camera.id(), rtsp.uri(), credentials, keepAudio, udp, rtspTimeout, bootstrap);
    }

    @Override
    public void close() {
        if (onvif != null) {
            onvif.stop();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
