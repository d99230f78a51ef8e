package org.camgate;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.camgate.access.AccessPolicy;
import org.camgate.access.LoginThrottle;
import org.camgate.audit.AuditLog;
import org.camgate.audit.JsonLinesAuditLog;
import org.camgate.auth.DigestReaderAuthenticator;
import org.camgate.common.net.HostPort;
import org.camgate.config.AudioPolicy;
import org.camgate.config.CameraConfig;
import org.camgate.config.GateMode;
import org.camgate.config.GatewayConfig;
import org.camgate.config.RtspConfig;
import org.camgate.config.SourceConfig;
import org.camgate.config.UpstreamTransport;
import org.camgate.event.EventBus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import org.camgate.access.AccessRequest;
import org.camgate.access.Decision;
import org.camgate.access.Protocol;
import org.camgate.config.UserConfig;
import org.camgate.lifecycle.Component;
import org.camgate.lifecycle.ConfigChange;
import org.camgate.lifecycle.Lifecycle;
import org.camgate.lifecycle.ReloadStatus;
import org.camgate.lifecycle.Reloader;
import org.camgate.config.MotionConfig;
import org.camgate.gate.CameraGate;
import org.camgate.motion.MotionDetector;
import org.camgate.net.NettyTransport;
import org.camgate.upstream.onvif.OnvifCameras;
import org.camgate.upstream.onvif.OnvifClientSettings;
import org.camgate.stream.UpstreamSource;
import org.camgate.gate.Gate;
import org.camgate.mqtt.MqttService;
import org.camgate.mqtt.OutboxFiles;
import org.camgate.gate.GateStatus;
import org.camgate.onvif.OnvifModule;
import org.camgate.protocol.auth.DigestVerifier;
import org.camgate.protocol.auth.NonceCounter;
import org.camgate.protocol.auth.NonceService;
import org.camgate.rtsp.RtspServer;
import org.camgate.mqtt.MqttPublisher;
import org.camgate.status.PageSources;
import org.camgate.status.RecentAccess;
import org.camgate.status.RecentEvents;
import org.camgate.status.StatusBoard;
import org.camgate.status.StatusServer;
import org.camgate.sensor.SensorService;
import org.camgate.sensor.common.SensorSettings;
import org.camgate.stream.CameraStream;
import org.camgate.stream.StreamSettings;
import org.camgate.upstream.CameraCredentials;
import org.camgate.upstream.RtspCameraSource;
import org.camgate.upstream.CameraStatus;
import org.camgate.upstream.CameraWatch;
import org.camgate.upstream.WatchedSource;
import org.camgate.metrics.CameraMeters;
import org.camgate.metrics.GateOpenTime;
import org.camgate.metrics.JvmMeters;
import org.camgate.metrics.MeteredAuditLog;
import org.camgate.status.HealthChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as one unit, the composition root: its parts (audit and access, MQTT, event loops, cameras, RTSP,
 * status, sensors, ONVIF) are components of one {@link Lifecycle}, started in that order and stopped in reverse; a
 * failed start undoes what it had started. {@link #reconfigure} applies a reloaded configuration in place.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Largest single video frame accepted from a camera (a 4K keyframe is well below). */
    private static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;
    /** Digest nonces whose use counts are remembered (qop=auth replay protection); 100k is a few MB. */
    private static final int MAX_TRACKED_NONCES = 100_000;

    private volatile GatewayConfig config;
    private final EventBus events = new EventBus();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StatusBoard status = new StatusBoard();
    private final RecentEvents recentEvents = new RecentEvents(RecentEvents.DEFAULT_CAPACITY);
    /** Changed only with the gateway's lock held (start, stop, reconfigure); read by status and RTSP threads. */
    private final Map<String, CameraStream> streams = new ConcurrentHashMap<>();
    private final Map<String, Gate> cameraGates = new ConcurrentHashMap<>();
    private final List<CameraGate> gates = new CopyOnWriteArrayList<>();
    private final List<MotionDetector> detectors = new CopyOnWriteArrayList<>();
    private final Map<String, CameraStream> analysisStreams = new ConcurrentHashMap<>();
    private final Map<String, Meter> motionGauges = new ConcurrentHashMap<>();
    /** Streams a reload replaced or removed, closed once their readers' sessions have been ended. */
    private final List<CameraStream> retired = new ArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle();
    private final ReloadStatus reloads = new ReloadStatus(metrics);
    private ExecutorService motionWorkers;
    private final Map<String, CameraWatch> watches = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, CameraMeters> cameraMeters = new ConcurrentHashMap<>();
    private JvmMeters jvmMeters;
    private Runnable gateOpenTimeSubscription;
    private GateOpenTime gateOpenTime;
    private final Clock clock;
    private final OutboxFiles outboxFiles;
    /** Set only while {@link #start} runs. */
    private StartupTimes startupTimes;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Bootstrap upstream;
    private StreamSettings settings;
    private volatile AuditLog audit;
    private AccessPolicy policy;
    private LoginThrottle throttle;
    private DigestReaderAuthenticator rtspDigest;
    private DigestReaderAuthenticator httpDigest;
    // Replaced by reloads and read by status threads: volatile.
    private volatile RtspServer rtsp;
    private volatile StatusServer statusServer;
    private volatile SensorService sensors;
    private volatile MqttService mqtt;
    private OnvifCameras onvifCameras;
    private volatile OnvifModule onvif;
    private volatile org.camgate.clip.ClipService clips;
    private volatile org.camgate.clip.ClipHttpServer clipServer;
    private boolean started;
    private Runnable unsubscribeRecentEvents;
    /** The audit log, remembering the last sessions for the status page. */
    private RecentAccess recentAccess;

    public Gateway(GatewayConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With the clock that gate schedules and events use (tests move it). */
    public Gateway(GatewayConfig config, Clock clock) {
        this(config, clock, OutboxFiles.DEFAULT);
    }

    /** With the files the MQTT outbox writes through (tests stall the disk). */
    public Gateway(GatewayConfig config, Clock clock, OutboxFiles outboxFiles) {
        this.config = config;
        this.clock = clock;
        this.outboxFiles = outboxFiles;
        // Start in this order, stop in reverse: readers go before camera sessions, camera sessions before event loops.
        lifecycle.add(Component.of("audit", this::startAudit, this::stopAudit,
                        change -> policy.update(this.config)))
                .add(Component.of("mqtt", this::startMqtt, this::stopMqtt, this::reconfigureMqtt))
                .add(Component.of("event-loops", this::startLoops, this::stopLoops))
                .add(Component.of("cameras", this::startCameras, this::stopCameras, this::reconfigureCameras))
                .add(Component.of("rtsp", this::startRtsp, this::stopRtsp, this::reconfigureRtsp))
                .add(Component.of("status", this::startStatus, this::stopStatus))
                .add(Component.of("sensors", this::startSensors, this::stopSensors, this::reconfigureSensors))
                .add(Component.of("onvif", this::startOnvif, this::stopOnvif, this::reconfigureOnvif))
                .add(Component.of("clips", this::startClips, this::stopClips, this::reconfigureClips));
        status.register("reload", reloads::snapshot);
        registerHealth();
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        StartupTimes times = new StartupTimes();
        startupTimes = times;
        try {
            lifecycle.start();
            try {
                MqttService broker = mqtt;
                if (broker != null) {
                    broker.awaitReady(); // the embedded broker came up in the background while the rest started
                }
            } catch (RuntimeException e) {
                lifecycle.stop();
                throw e;
            }
            times.end("mqtt");
            started = true;
            log.info("camgate {} serving {} camera(s) on rtsp://{}", config.site(), streams.size(), HostPort.format(rtsp.address()));
            log.info(times.ready());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // a checked exception rethrown unchecked by a library (Netty does so for binds)
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } finally {
            startupTimes = null;
        }
    }

    /** Times one listener's start for the ready line while the gateway starts; just starts it on a reload. */
    private void timed(String name, Runnable step) {
        StartupTimes times = startupTimes;
        if (times == null) {
            step.run();
        } else {
            times.time(name, step);
        }
    }

    /**
     * Applies a reloaded configuration in place (see {@link ConfigChange}): only added, removed and changed cameras'
     * sessions start or end; readers of the other cameras go on. Sessions a change takes away (a removed or changed
     * camera, a removed user, a user's lost camera or address, a changed password) end and are audited.
     *
     * @return what changed
     * @throws IllegalStateException when the gateway is not running, or applying a part failed (every other part
     *                               is applied; the message names each failing part)
     */
    public synchronized ConfigChange reconfigure(GatewayConfig next) {
        if (!started) {
            throw new IllegalStateException("reconfigure: the gateway is not running");
        }
        ConfigChange change = ConfigChange.between(config, next);
        config = change.running();
        try {
            lifecycle.reconfigure(change);
        } finally {
            closeRetired();
            if (rtsp != null) {
                // A reader that set up a session on a retired stream while the change was being applied.
                endSessionsOfRetiredStreams();
            }
        }
        return change;
    }

    /** Re-reads {@code file} and applies it when valid; each attempt is in {@code /status}, the metrics and the audit log. */
    public Reloader reloader(Path file, Map<String, String> variables) {
        return new Reloader(file, variables, this::reconfigure, e -> {
            AuditLog a = audit;
            if (a != null) {
                a.record(e);
            }
        }, reloads, Clock.systemUTC());
    }

    /** The last reload attempt (the {@code reload} status section and {@code camgate_reload_total}). */
    public ReloadStatus reloads() {
        return reloads;
    }

    private void startAudit() {
        jvmMeters = new JvmMeters(metrics);
        recentAccess = new RecentAccess(new MeteredAuditLog(openAudit(), metrics), RecentAccess.DEFAULT_CAPACITY);
        audit = recentAccess;
        unsubscribeRecentEvents = events.subscribe(recentEvents);
        policy = new AccessPolicy(config, audit, Clock.systemUTC());
        throttle = new LoginThrottle(config.loginFailures());
    }

    private void stopAudit() {
        if (audit != null) {
            audit.close();
            audit = null;
            recentAccess = null;
        }
        if (unsubscribeRecentEvents != null) {
            unsubscribeRecentEvents.run();
            unsubscribeRecentEvents = null;
        }
        if (jvmMeters != null) {
            jvmMeters.close();
            jvmMeters = null;
        }
    }

    private void startMqtt() {
        MqttService service = new MqttService(config, events, metrics, Clock.systemUTC(), policy, throttle, audit,
                outboxFiles);
        StartupTimes times = startupTimes;
        if (times == null) {
            service.start();
        } else {
            // The embedded broker comes up in the background while the rest starts (start() waits for it);
            // events are accepted already.
            times.begin("mqtt");
            service.begin();
        }
        mqtt = service;
    }

    private void stopMqtt() {
        if (mqtt != null) {
            mqtt.close();
            mqtt = null;
        }
    }

    /** Reconnects (and restarts the embedded broker) only when the MQTT settings changed. */
    private void reconfigureMqtt(ConfigChange change) {
        if (change.mqtt() || mqtt == null) { // null: a failed reload left it stopped
            stopMqtt();
            startMqtt();
        }
    }

    private void startLoops() {
        NettyTransport transport = NettyTransport.best();
        log.info("network transport: {}", transport.describe());
        boss = transport.group(1, new DefaultThreadFactory("rtsp-accept"));
        workers = transport.group(0, new DefaultThreadFactory("rtsp-io"));
        RtspConfig rtspConfig = config.rtsp();
        settings = new StreamSettings(rtspConfig.gopCacheBytes(), MAX_FRAME_BYTES,
                rtspConfig.upstreamTimeout(), rtspConfig.upstreamLinger(), rtspConfig.reconnectMin(),
                rtspConfig.reconnectMax());
        upstream = new Bootstrap().channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }

    private void stopLoops() {
        for (EventLoopGroup group : new EventLoopGroup[] {boss, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        boss = null;
        workers = null;
    }

    private void startCameras() {
        gateOpenTime = new GateOpenTime(metrics, Clock.systemUTC());
        gateOpenTimeSubscription = events.subscribe(gateOpenTime);
        for (CameraConfig camera : config.cameras()) {
            startCamera(camera);
        }
        startOnvifCameras();
        status.register("cameras", this::cameraStatus);
        status.register("gates", () -> gateStatus().snapshot());
    }

    private void startOnvifCameras() {
        if (onvifCameras != null) {
            onvifCameras.start();
            status.register("onvifCameras", onvifCameras::status);
        }
    }

    /** One camera: its gate, its stream (pulled at once when the gate or motion analysis needs it) and its analysis. */
    private void startCamera(CameraConfig camera) {
        EventLoop loop = workers.next();
        Gate gate = gate(camera, loop);
        cameraGates.put(camera.id(), gate);
        // Real time, not the gates' clock: a signal is lost after seconds of silence however tests move time.
        CameraWatch watch = new CameraWatch(camera.id(), config.site(), camera.onDemand(),
                camera.signalLossAfter(), events, Clock.systemUTC(), loop);
        watches.put(camera.id(), watch);
        CameraStream stream = new CameraStream(camera.id(), loop,
                new WatchedSource(source(camera, upstream), watch), gate, settings, PooledByteBufAllocator.DEFAULT);
        streams.put(camera.id(), stream);
        stream.addTap(watch);
        cameraMeters.put(camera.id(), new CameraMeters(metrics, watch, stream.counters()));
        gateOpenTime.add(camera.id(), gate == Gate.ALWAYS_OPEN);
        if (!camera.onDemand() || gate instanceof CameraGate || camera.motion().isPresent()) {
            // Pulled all the time: connected from start (live state, signal loss), and pre-roll and motion
            // analysis need the video before anyone reads. Only onDemand cameras wait for a reader.
            stream.acquire();
        }
        camera.motion().ifPresent(motion -> startMotion(camera, motion, stream, upstream, settings));
        if (gate instanceof CameraGate cameraGate) {
            cameraGate.start();
        }
    }

    /** Takes a camera out of service; its stream is closed by {@link #closeRetired()} once its readers have gone. */
    private void retireCamera(String cameraId) {
        gates.removeIf(g -> {
            if (g.cameraId().equals(cameraId)) {
                g.stop();
                return true;
            }
            return false;
        });
        detectors.removeIf(d -> {
            if (d.cameraId().equals(cameraId)) {
                d.close();
                return true;
            }
            return false;
        });
        Meter gauge = motionGauges.remove(cameraId);
        if (gauge != null) {
            metrics.remove(gauge);
        }
        CameraStream analysed = analysisStreams.remove(cameraId);
        if (analysed != null) {
            analysed.close();
        }
        if (onvifCameras != null) {
            onvifCameras.remove(cameraId);
        }
        cameraGates.remove(cameraId);
        CameraWatch watch = watches.remove(cameraId);
        if (watch != null) {
            watch.close();
        }
        CameraMeters meters = cameraMeters.remove(cameraId);
        if (meters != null) {
            meters.remove();
        }
        gateOpenTime.remove(cameraId);
        CameraStream stream = streams.remove(cameraId);
        if (stream != null) {
            retired.add(stream);
        }
    }

    private void reconfigureCameras(ConfigChange change) {
        change.endedCameras().forEach(this::retireCamera);
        for (CameraConfig camera : config.cameras()) {
            if (change.addedCameras().contains(camera.id()) || change.changedCameras().contains(camera.id())) {
                startCamera(camera);
            }
        }
        startOnvifCameras();
    }

    private void closeRetired() {
        for (CameraStream stream : retired) {
            try {
                stream.close().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("camera {} did not close in time", stream.cameraId());
            }
        }
        retired.clear();
    }

    private void stopCameras() {
        if (onvifCameras != null) {
            onvifCameras.stop();
            onvifCameras = null;
        }
        gates.forEach(CameraGate::stop);
        gates.clear();
        detectors.forEach(MotionDetector::close);
        detectors.clear();
        motionGauges.values().forEach(metrics::remove);
        motionGauges.clear();
        for (CameraStream stream : analysisStreams.values()) {
            stream.close();
        }
        analysisStreams.clear();
        if (motionWorkers != null) {
            motionWorkers.shutdownNow();
            motionWorkers = null;
        }
        retired.addAll(streams.values());
        closeRetired();
        streams.clear();
        cameraGates.clear();
        watches.values().forEach(CameraWatch::close);
        watches.clear();
        cameraMeters.values().forEach(CameraMeters::remove);
        cameraMeters.clear();
        if (gateOpenTimeSubscription != null) {
            gateOpenTimeSubscription.run();
            gateOpenTimeSubscription = null;
            gateOpenTime.remove();
            gateOpenTime = null;
        }
    }

    private void startRtsp() {
        RtspConfig rtspConfig = config.rtsp();
        NonceService nonces = new NonceService(rtspConfig.nonceLifetime(), Clock.systemUTC());
        NonceCounter nonceCounts = new NonceCounter(MAX_TRACKED_NONCES, rtspConfig.nonceLifetime(), Clock.systemUTC());
        rtspDigest = new DigestReaderAuthenticator(config.users(), nonces, nonceCounts,
                DigestVerifier.UriMatch.SAME_CAMERA, throttle);
        httpDigest = new DigestReaderAuthenticator(config.users(), nonces, nonceCounts,
                DigestVerifier.UriMatch.SAME_RESOURCE, throttle);
        rtsp = new RtspServer(config, streams, policy, rtspDigest, audit, boss, workers);
        timed("rtsp", rtsp::start);
    }

    private void stopRtsp() {
        if (rtsp != null) {
            rtsp.stop();
            rtsp = null;
        }
    }

    /**
     * New cameras and users for new requests; then the sessions the change takes away end: those of removed and
     * changed cameras, of users whose password changed, and every session the new rules no longer allow.
     */
    private void reconfigureRtsp(ConfigChange change) {
        if (change.users()) {
            rtspDigest.update(config.users());
            httpDigest.update(config.users());
        }
        rtsp.reconfigure(config, streams);
        int ended = endSessionsOfRetiredStreams();
        if (change.users()) {
            Set<String> changedPasswords = new HashSet<>();
            for (UserConfig user : change.previous().users()) {
                config.user(user.name()).filter(u -> !u.password().equals(user.password()))
                        .ifPresent(u -> changedPasswords.add(u.name()));
            }
            ended += rtsp.endSessions(s -> changedPasswords.contains(s.user()), "credentials-changed");
        }
        if (change.permissions()) {
            ended += rtsp.endSessions(s -> policy.evaluate(AccessRequest.camera(Protocol.RTSP, s.remote(), s.user(),
                    s.camera())) != Decision.ALLOW, "access-revoked");
        }
        if (ended > 0) {
            log.info("reload ended {} reader session(s)", ended);
        }
    }

    /** Ends the sessions on a stream that is no longer served (its camera removed, or changed and restarted). */
    private int endSessionsOfRetiredStreams() {
        return rtsp.endSessions(s -> !streams.containsKey(s.camera()), "camera-removed")
                + rtsp.endSessions(s -> streams.containsKey(s.camera()) && streams.get(s.camera()) != s.stream(),
                "camera-changed");
    }

    private void startStatus() {
        if (config.status().listen().isPresent()) {
            statusServer = new StatusServer(config.status().listen().get(), policy, status, metrics, pageSources(),
                    httpDigest, audit, boss, workers);
            timed("status", statusServer::start);
        }
    }

    private void stopStatus() {
        if (statusServer != null) {
            statusServer.stop();
            statusServer = null;
        }
    }

    private void startSensors() {
        SensorService service = new SensorService(config.sensors(), config.site(), events, metrics, clock, policy);
        service.start();
        sensors = service;
    }

    private void stopSensors() {
        if (sensors != null) {
            sensors.stop();
            sensors = null;
        }
    }

    /** Sensor inputs restart (rebinding their ports) only when the sensors changed. */
    private void reconfigureSensors(ConfigChange change) {
        if (change.sensors() || sensors == null) {
            stopSensors();
            startSensors();
        }
    }

    private void startOnvif() {
        OnvifModule module = new OnvifModule(config, orderedStreams(), cameraGates, events, audit, policy, throttle,
                httpDigest, rtsp.address().getPort(), Clock.systemUTC(), metrics);
        timed("onvif", module::start);
        onvif = module;
    }

    private void stopOnvif() {
        if (onvif != null) {
            onvif.stop();
            onvif = null;
        }
    }

    /**
     * The ONVIF services restart (rebinding {@code onvif.listen}) when cameras, users or the ONVIF settings changed:
     * open event subscriptions end and clients subscribe again.
     */
    private void reconfigureOnvif(ConfigChange change) {
        if (change.cameras() || change.users() || change.onvif() || onvif == null) {
            stopOnvif();
            startOnvif();
        }
    }

    /** The streams in configuration order (ONVIF lists profiles in it). */
    private Map<String, CameraStream> orderedStreams() {
        Map<String, CameraStream> out = new LinkedHashMap<>();
        for (CameraConfig camera : config.cameras()) {
            CameraStream stream = streams.get(camera.id());
            if (stream != null) {
                out.put(camera.id(), stream);
            }
        }
        return out;
    }

    /** Alarm clips, when configured: a recorder on each clip camera's stream, and the clips listener. */
    private void startClips() {
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
            timed("clips", clipServer::start);
        }
        clips.publicUrl(config.clips().publicUrl().orElse(clipServer == null ? ""
                : "http://" + HostPort.format(clipServer.address())));
    }

    private void stopClips() {
        if (clipServer != null) {
            clipServer.stop();
            clipServer = null;
        }
        if (clips != null) {
            clips.stop();
            clips = null;
        }
    }

    /** Clip recording restarts (rebinding clips.listen) when cameras or the clips settings changed. */
    private void reconfigureClips(ConfigChange change) {
        if (change.cameras() || !change.previous().clips().equals(change.next().clips())) {
            stopClips();
            startClips();
        }
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
            CameraWatch watch = watches.get(camera.id());
            if (watch != null) {
                CameraStatus live = watch.status();
                entry.put("state", live.state().wire());
                entry.put("lastError", live.lastError());
                entry.put("since", live.since().toString());
                entry.put("signalLoss", live.signalLost());
                entry.put("onDemand", camera.onDemand());
            }
            if (stream != null) {
                entry.put("readers", stream.counters().readers());
                entry.put("bitrate", stream.bitsPerSecond());
                entry.put("bytesOut", stream.counters().bytesOut());
                entry.put("framesDropped", stream.counters().framesDropped());
            }
            out.add(entry);
        }
        return out;
    }

    /** What the status page shows beside the {@link StatusBoard}: sensors, the MQTT connection, recent events and sessions. */
    private PageSources pageSources() {
        return new PageSources(config.site(), status, recentEvents, recentAccess, () -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (SensorSettings sensor : config.sensors()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", sensor.id());
                entry.put("type", sensor.type());
                SensorService service = sensors;
                InetSocketAddress bound = service == null ? null : service.address(sensor.id());
                entry.put("input", bound == null ? sensor.input() : sensor.input().getScheme() + "://" + HostPort.format(bound));
                if (service != null) {
                    entry.put("packets", (long) service.packets(sensor.id(), "accepted"));
                }
                out.add(entry);
            }
            return out;
        }, this::mqttStatus);
    }

    private Map<String, Object> mqttStatus() {
        Map<String, Object> out = new LinkedHashMap<>();
        MqttService service = mqtt;
        MqttPublisher publisher = service == null ? null : service.publisher();
        out.put("broker", config.mqtt().isEmbedded() ? "embedded" + (service == null ? "" : " " + service.embeddedUri())
                : withoutUserInfo(config.mqtt().broker()));
        if (publisher != null) {
            out.put("connected", publisher.isConnected());
            out.put("pending", publisher.pending());
        }
        return out;
    }

    /** A broker URI as shown to operators: never with a user name or password in it. */
    private static String withoutUserInfo(String uri) {
        try {
            java.net.URI u = new java.net.URI(uri);
            return u.getUserInfo() == null ? uri : u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (java.net.URISyntaxException e) {
            return "(unreadable URI)";
        }
    }

    /** {@code GET /health}: what "down" means per component is in {@link HealthChecks}. */
    private void registerHealth() {
        status.registerHealth("rtsp", () -> {
            RtspServer r = rtsp;
            return HealthChecks.listener(r == null ? null : r.address(),
                    r == null ? Map.of() : Map.of("sessions", r.sessionCount()));
        });
        status.registerHealth("onvif", () -> {
            OnvifModule o = onvif;
            return HealthChecks.listener(o == null ? null : o.address(), Map.of());
        });
        status.registerHealth("mqtt", () -> {
            MqttService m = mqtt;
            return HealthChecks.mqtt(m == null ? null : m.publisher(), config.mqtt().isEmbedded());
        });
        status.registerHealth("sensors", () -> {
            SensorService s = sensors;
            return HealthChecks.sensors(config.sensors().stream().map(SensorSettings::id).toList(),
                    id -> s == null ? null : s.address(id));
        });
        status.registerHealth("cameras", () -> HealthChecks.cameras(List.copyOf(watches.values())));
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
        motionGauges.put(camera.id(), Gauge.builder("camgate.motion.score", detector, MotionDetector::score)
                .description("share of the camera's counted picture area in changed regions, last analysed picture")
                .tag("camera", camera.id()).register(metrics));
        CameraStream analysed = stream;
        if (motion.analysisSource().isPresent()) {
            SourceConfig.Rtsp sub = motion.analysisSource().get();
            CameraCredentials credentials = sub.username() == null ? CameraCredentials.NONE
                    : new CameraCredentials(sub.username(), sub.password(), camera.allowBasic());
            // Its own upstream session, never served to readers: only the analysis sees it.
            analysed = new CameraStream(camera.id() + "/analysis", stream.loop(), new RtspCameraSource(camera.id(),
                    sub.uri(), credentials, false, camera.transport() == UpstreamTransport.UDP,
                    config.rtsp().upstreamTimeout(), upstream), Gate.ALWAYS_OPEN, settings, PooledByteBufAllocator.DEFAULT);
            analysisStreams.put(camera.id(), analysed);
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
     * Stops serving, in reverse start order: ONVIF, sensors, status, readers, camera sessions, event loops (bounded
     * wait), MQTT (the publisher, then the embedded broker), then the audit log. Idempotent.
     */
    public synchronized void stop() {
        lifecycle.stop();
        started = false;
    }

    /** The running configuration (after reloads: the reloaded one, except parts that need a restart). */
    public GatewayConfig config() {
        return config;
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

}
