package org.camgate;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.camgate.access.AccessPolicy;
import org.camgate.access.LoginThrottle;
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
import io.micrometer.core.instrument.Gauge;
import org.camgate.config.MotionConfig;
import org.camgate.gate.CameraGate;
import org.camgate.motion.MotionDetector;
import org.camgate.onvif.client.OnvifCameras;
import org.camgate.onvif.client.OnvifClientSettings;
import org.camgate.stream.UpstreamSource;
import org.camgate.gate.Gate;
import org.camgate.mqtt.MqttService;
import org.camgate.gate.GateStatus;
import org.camgate.onvif.OnvifModule;
import org.camgate.protocol.auth.DigestVerifier;
import org.camgate.protocol.auth.NonceCounter;
import org.camgate.protocol.auth.NonceService;
import org.camgate.rtsp.RtspServer;
import org.camgate.status.StatusBoard;
import org.camgate.status.StatusServer;
import org.camgate.sensor.SensorService;
import org.camgate.stream.CameraStream;
import org.camgate.stream.StreamSettings;
import org.camgate.upstream.CameraCredentials;
import org.camgate.upstream.RtspCameraSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as one unit: camera streams, the RTSP server, authentication and the audit log,
 * started and stopped in order. A failed start undoes what it had started.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Largest single video frame accepted from a camera (a 4K keyframe is well below). */
    private static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;
    /** Digest nonces whose use counts are remembered (qop=auth replay protection); 100k is a few MB. */
    private static final int MAX_TRACKED_NONCES = 100_000;

    private final GatewayConfig config;
    private final EventBus events = new EventBus();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StatusBoard status = new StatusBoard();
    private final Map<String, CameraStream> streams = new LinkedHashMap<>();
    private final Map<String, Gate> cameraGates = new LinkedHashMap<>();
    private final List<CameraGate> gates = new ArrayList<>();
    private final List<MotionDetector> detectors = new ArrayList<>();
    private final List<CameraStream> analysisStreams = new ArrayList<>();
    private ExecutorService motionWorkers;
    private final Clock clock;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private AuditLog audit;
    private AccessPolicy policy;
    private LoginThrottle throttle;
    private RtspServer rtsp;
    private StatusServer statusServer;
    private SensorService sensors;
    private MqttService mqtt;
    private OnvifCameras onvifCameras;
    private OnvifModule onvif;
    private org.camgate.clip.ClipService clips;
    private org.camgate.clip.ClipHttpServer clipServer;
    private boolean started;

    public Gateway(GatewayConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With the clock that gate schedules and events use (tests move it). */
    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            audit = openAudit();
            policy = new AccessPolicy(config, audit, Clock.systemUTC());
            throttle = new LoginThrottle(config.loginFailures());
            mqtt = new MqttService(config, events, metrics, Clock.systemUTC(), policy, throttle, audit);
            mqtt.start();
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
                EventLoop loop = workers.next();
                Gate gate = gate(camera, loop);
                cameraGates.put(camera.id(), gate);
                CameraStream stream = new CameraStream(camera.id(), loop, source(camera, upstream), gate, settings,
                        PooledByteBufAllocator.DEFAULT);
                streams.put(camera.id(), stream);
                if (gate instanceof CameraGate || camera.motion().isPresent()) {
                    // Pulled all the time: pre-roll and motion analysis need the video before anyone reads.
                    stream.acquire();
                }
                camera.motion().ifPresent(motion -> startMotion(camera, motion, stream, upstream, settings));
            }
            gates.forEach(CameraGate::start);
            if (onvifCameras != null) {
                onvifCameras.start();
                status.register("onvifCameras", onvifCameras::status);
            }
            NonceService nonces = new NonceService(rtspConfig.nonceLifetime(), Clock.systemUTC());
            NonceCounter nonceCounts = new NonceCounter(MAX_TRACKED_NONCES, rtspConfig.nonceLifetime(), Clock.systemUTC());
            DigestReaderAuthenticator authenticator = new DigestReaderAuthenticator(config.users(), nonces, nonceCounts,
                    DigestVerifier.UriMatch.SAME_CAMERA, throttle);
            DigestReaderAuthenticator httpDigest = new DigestReaderAuthenticator(config.users(), nonces, nonceCounts,
                    DigestVerifier.UriMatch.SAME_RESOURCE, throttle);
            rtsp = new RtspServer(config, streams, policy, authenticator, audit, boss, workers);
            rtsp.start();
            status.register("cameras", this::cameraStatus);
            status.register("gates", gateStatus()::snapshot);
            if (config.status().listen().isPresent()) {
                statusServer = new StatusServer(config.status().listen().get(), policy, status, metrics, boss,
                        workers);
                statusServer.start();
            }
            sensors = new SensorService(config.sensors(), config.site(), events, metrics, clock, policy);
            sensors.start();
            onvif = new OnvifModule(config, streams, cameraGates, events, audit, policy, throttle, httpDigest,
                    rtsp.address().getPort(), Clock.systemUTC());
            onvif.start();
            startClips(httpDigest);
            started = true;
            log.info("camgate {} serving {} camera(s) on rtsp://{}", config.site(), streams.size(), hostPort(rtsp.address()));
        } catch (RuntimeException e) {
            stop();
            throw e;
        } catch (Exception e) { // a checked exception rethrown unchecked by a library (Netty does so for binds)
            stop();
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /** Alarm clips, when configured: a recorder on each clip camera's stream, and the clips listener. */
    private void startClips(DigestReaderAuthenticator httpDigest) {
        if (!config.clips().enabled()) {
            return;
        }
        clips = new org.camgate.clip.ClipService(config.clips(), config.site(), events, audit, metrics, clock);
        clips.start();
        for (CameraConfig camera : config.cameras()) {
            clips.attach(camera, streams.get(camera.id()), cameraGates.get(camera.id()).preRollBytes());
        }
        if (config.clips().listen().isPresent()) {
            clipServer = new org.camgate.clip.ClipHttpServer(config.clips().listen().get(), clips, httpDigest, policy,
                    audit, Clock.systemUTC(), boss, workers);
            clipServer.start();
        }
        clips.publicUrl(config.clips().publicUrl().orElse(clipServer == null ? ""
                : "http://" + hostPort(clipServer.address())));
    }

    private AuditLog openAudit() {
        try {
            return new JsonLinesAuditLog(config.audit(), Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot open the audit log " + config.audit().file() + ": " + e.getMessage(), e);
        }
    }

    private UpstreamSource source(CameraConfig camera, Bootstrap upstream) {
        if (camera.source() instanceof SourceConfig.Onvif onvif) {
            if (onvifCameras == null) {
                onvifCameras = new OnvifCameras(config.site(), events, clock, OnvifClientSettings.DEFAULTS, metrics);
            }
            return onvifCameras.source(camera.id(), onvif, camera.audio() == AudioPolicy.KEEP,
                    camera.transport() == UpstreamTransport.UDP, camera.allowBasic(), config.rtsp().upstreamTimeout(),
                    upstream);
        }
        SourceConfig.Rtsp rtspSource = (SourceConfig.Rtsp) camera.source();
        CameraCredentials credentials = rtspSource.username() == null ? CameraCredentials.NONE
                : new CameraCredentials(rtspSource.username(), rtspSource.password(), camera.allowBasic());
        return new RtspCameraSource(camera.id(), rtspSource.uri(), credentials, camera.audio() == AudioPolicy.KEEP,
                camera.transport() == UpstreamTransport.UDP, config.rtsp().upstreamTimeout(), upstream);
    }

    private List<Map<String, Object>> cameraStatus() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CameraConfig camera : config.cameras()) {
            CameraStream stream = streams.get(camera.id());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", camera.id());
            entry.put("purpose", camera.purpose());
            entry.put("gate", camera.gate().mode().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("framesIn", stream == null ? 0 : stream.framesIn());
            out.add(entry);
        }
        return out;
    }

    private GateStatus gateStatus() {
        GateStatus out = new GateStatus();
        for (CameraConfig camera : config.cameras()) {
            CameraGate gate = gates.stream().filter(g -> g.cameraId().equals(camera.id())).findFirst().orElse(null);
            MotionDetector detector = motion(camera.id());
            out.add(camera.id(), camera.gate().mode(), gate, detector == null ? null : detector::status);
        }
        return out;
    }

    private void startMotion(CameraConfig camera, MotionConfig motion, CameraStream stream, Bootstrap upstream,
                             StreamSettings settings) {
        if (motionWorkers == null) {
            motionWorkers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                    new DefaultThreadFactory("motion", true));
        }
        MotionDetector detector = new MotionDetector(camera.id(), config.site(), motion, motionWorkers, stream.loop(),
                events, clock);
        detectors.add(detector);
        Gauge.builder("camgate.motion.score", detector, MotionDetector::score)
                .description("share of the camera's counted picture area in changed regions, last analysed picture")
                .tag("camera", camera.id()).register(metrics);
        CameraStream analysed = stream;
        if (motion.analysisSource().isPresent()) {
            SourceConfig.Rtsp sub = motion.analysisSource().get();
            CameraCredentials credentials = sub.username() == null ? CameraCredentials.NONE
                    : new CameraCredentials(sub.username(), sub.password(), camera.allowBasic());
            // Its own upstream session, never served to readers: only the analysis sees it.
            analysed = new CameraStream(camera.id() + "/analysis", stream.loop(), new RtspCameraSource(camera.id(),
                    sub.uri(), credentials, false, camera.transport() == UpstreamTransport.UDP,
                    config.rtsp().upstreamTimeout(), upstream), Gate.ALWAYS_OPEN, settings, PooledByteBufAllocator.DEFAULT);
            analysisStreams.add(analysed);
            analysed.acquire();
        }
        analysed.addTap(detector);
    }

    /** The camera's gate: always open, or a {@link CameraGate} on the camera's loop listening for its triggers. */
    private Gate gate(CameraConfig camera, EventLoop loop) {
        if (camera.gate().mode() == GateMode.ALWAYS) {
            return Gate.ALWAYS_OPEN;
        }
        CameraGate gate = new CameraGate(camera.id(), config.site(), camera.gate(), loop, clock, events, audit);
        gates.add(gate);
        return gate;
    }

    /**
     * Stops serving: readers, then camera sessions, then event loops (bounded wait), then MQTT (the publisher, then
     * the embedded broker), then the audit log.
     */
    public synchronized void stop() {
        if (clipServer != null) {
            clipServer.stop();
            clipServer = null;
        }
        if (clips != null) {
            clips.stop();
            clips = null;
        }
        if (statusServer != null) {
            statusServer.stop();
            statusServer = null;
        }
        if (onvifCameras != null) {
            onvifCameras.stop();
            onvifCameras = null;
        }
        gates.forEach(CameraGate::stop);
        gates.clear();
        detectors.forEach(MotionDetector::close);
        detectors.clear();
        for (CameraStream stream : analysisStreams) {
            stream.close();
        }
        analysisStreams.clear();
        if (motionWorkers != null) {
            motionWorkers.shutdownNow();
            motionWorkers = null;
        }
        if (sensors != null) {
            sensors.stop();
            sensors = null;
        }
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
        cameraGates.clear();
        for (EventLoopGroup group : new EventLoopGroup[] {boss, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        boss = null;
        workers = null;
        if (mqtt != null) {
            mqtt.close();
            mqtt = null;
        }
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

    /** The sensor inputs and detectors (null before start). */
    public SensorService sensors() {
        return sensors;
    }

    /** MQTT publishing (and the embedded broker, when configured). */
    public MqttService mqtt() {
        return mqtt;
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

    /** What the gateway's parts report for {@code GET /status}. */
    public StatusBoard status() {
        return status;
    }

    /** The status endpoint's bound address, when one is configured and started. */
    public java.util.Optional<InetSocketAddress> statusAddress() {
        return statusServer == null ? java.util.Optional.empty() : java.util.Optional.of(statusServer.address());
    }

    /** The alarm clips, or null when not configured. */
    public org.camgate.clip.ClipService clips() {
        return clips;
    }

    /** The clips listener's bound address, when one is configured and started. */
    public java.util.Optional<InetSocketAddress> clipsAddress() {
        return clipServer == null ? java.util.Optional.empty() : java.util.Optional.of(clipServer.address());
    }

    public CameraStream stream(String cameraId) {
        return streams.get(cameraId);
    }

    /** The camera's motion analysis, or null when it has none. */
    public MotionDetector motion(String cameraId) {
        return detectors.stream().filter(d -> d.cameraId().equals(cameraId)).findFirst().orElse(null);
    }

    /** {@code host:port}, with IPv6 hosts in brackets, as URLs need. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
