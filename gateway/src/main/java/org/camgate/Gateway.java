package org.camgate;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.camgate.access.AuthFailureLimiter;
import org.camgate.audit.AuditLog;
import org.camgate.audit.JsonLinesAuditLog;
import org.camgate.auth.DigestReaderAuthenticator;
import org.camgate.config.AudioPolicy;
import org.camgate.config.CameraConfig;
import org.camgate.config.GateMode;
import org.camgate.config.GatewayConfig;
import org.camgate.config.RtspConfig;
import org.camgate.config.SourceConfig;
import org.camgate.config.UpstreamTransport;
import org.camgate.event.EventBus;
import org.camgate.gate.Gate;
import org.camgate.onvif.OnvifModule;
import org.camgate.protocol.auth.NonceService;
import org.camgate.rtsp.RtspServer;
import org.camgate.stream.CameraStream;
import org.camgate.stream.StreamSettings;
import org.camgate.upstream.CameraCredentials;
import org.camgate.upstream.RtspCameraSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as one unit: camera streams, the RTSP server, authentication and the audit log,
 * started and stopped in order. A failed start undoes what it had started.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Largest single video frame accepted from a camera (a 4K keyframe is well below). */
    private static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private final GatewayConfig config;
    private final EventBus events = new EventBus();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, CameraStream> streams = new LinkedHashMap<>();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private AuditLog audit;
    private RtspServer rtsp;
    private OnvifModule onvif;
    private boolean started;

    public Gateway(GatewayConfig config) {
        this.config = config;
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            audit = openAudit();
            boss = new NioEventLoopGroup(1, new DefaultThreadFactory("rtsp-accept"));
            workers = new NioEventLoopGroup(0, new DefaultThreadFactory("rtsp-io"));
            RtspConfig rtspConfig = config.rtsp();
            StreamSettings settings = new StreamSettings(rtspConfig.gopCacheBytes(), MAX_FRAME_BYTES,
                    rtspConfig.upstreamTimeout(), rtspConfig.upstreamLinger(), rtspConfig.reconnectMin(),
                    rtspConfig.reconnectMax());
            Bootstrap upstream = new Bootstrap().channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true);
            for (CameraConfig camera : config.cameras()) {
                streams.put(camera.id(), new CameraStream(camera.id(), workers.next(), source(camera, upstream),
                        Gate.ALWAYS_OPEN, settings, PooledByteBufAllocator.DEFAULT));
            }
            AuthFailureLimiter limiter = new AuthFailureLimiter(rtspConfig.authFailures().limit(),
                    rtspConfig.authFailures().window());
            DigestReaderAuthenticator authenticator = new DigestReaderAuthenticator(config.users(),
                    new NonceService(rtspConfig.nonceLifetime(), Clock.systemUTC()), limiter);
            rtsp = new RtspServer(config, streams, authenticator, audit, boss, workers);
            rtsp.start();
            Map<String, Gate> gates = new LinkedHashMap<>();
            streams.keySet().forEach(id -> gates.put(id, Gate.ALWAYS_OPEN));
            onvif = new OnvifModule(config, streams, gates, events, audit, authenticator, rtsp.address().getPort(),
                    Clock.systemUTC());
            onvif.start();
            started = true;
            log.info("camgate {} serving {} camera(s) on rtsp://{}", config.site(), streams.size(), hostPort(rtsp.address()));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private AuditLog openAudit() {
        try {
            return new JsonLinesAuditLog(config.audit().file(), config.audit().retention(), Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot open the audit log " + config.audit().file() + ": " + e.getMessage(), e);
        }
    }

    private RtspCameraSource source(CameraConfig camera, Bootstrap upstream) {
        if (!(camera.source() instanceof SourceConfig.Rtsp rtspSource)) {
            throw new IllegalStateException("camera " + camera.id()
                    + ": ONVIF sources are not supported by this version; give the camera's rtsp:// URL");
        }
        if (camera.gate().mode() != GateMode.ALWAYS) {
            // Forwarding everything would break the site's event-only recording rule: refuse instead.
            throw new IllegalStateException("camera " + camera.id() + ": gate mode "
                    + camera.gate().mode().name().toLowerCase(java.util.Locale.ROOT)
                    + " is not supported by this version (only always); refusing to forward video ungated");
        }
        CameraCredentials credentials = rtspSource.username() == null ? CameraCredentials.NONE
                : new CameraCredentials(rtspSource.username(), rtspSource.password());
        return new RtspCameraSource(camera.id(), rtspSource.uri(), credentials, camera.audio() == AudioPolicy.KEEP,
                camera.transport() == UpstreamTransport.UDP, config.rtsp().upstreamTimeout(), upstream);
    }

    /** Stops serving: readers, then camera sessions, then event loops (bounded wait), then the audit log. */
    public synchronized void stop() {
        if (onvif != null) {
            onvif.stop();
            onvif = null;
        }
        if (rtsp != null) {
            rtsp.stop();
            rtsp = null;
        }
        for (CameraStream stream : streams.values()) {
            try {
                stream.close().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("camera {} did not close in time", stream.cameraId());
            }
        }
        streams.clear();
        for (EventLoopGroup group : new EventLoopGroup[] {boss, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        boss = null;
        workers = null;
        if (audit != null) {
            audit.close();
            audit = null;
        }
        started = false;
    }

    /** The bound RTSP address. */
    public InetSocketAddress rtspAddress() {
        return rtsp.address();
    }

    /** The bound ONVIF HTTP address (device service at /onvif/device_service). */
    public InetSocketAddress onvifAddress() {
        return onvif.address();
    }

    /** The bound WS-Discovery UDP port, or -1 when discovery is off. */
    public int discoveryPort() {
        return onvif.discoveryPort();
    }

    public RtspServer rtspServer() {
        return rtsp;
    }

    /** Where every event of this gateway is published (detections, gate changes, manual triggers). */
    public EventBus events() {
        return events;
    }

    /** This gateway's meters; {@code metrics().scrape()} gives the Prometheus text form. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public CameraStream stream(String cameraId) {
        return streams.get(cameraId);
    }

    /** {@code host:port}, with IPv6 hosts in brackets, as URLs need. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
