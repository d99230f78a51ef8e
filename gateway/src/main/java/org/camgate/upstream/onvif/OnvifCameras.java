package org.camgate.upstream.onvif;

import io.netty.bootstrap.Bootstrap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.camgate.config.SourceConfig;
import org.camgate.event.EventBus;
import org.camgate.stream.UpstreamSource;
import org.camgate.upstream.RepeatedFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's ONVIF client side: every camera added by ONVIF address gets an upstream source that resolves its
 * stream URI (cached, asked again on each reconnect) and an event subscription whose motion alarms
 * become {@code camera-motion} events on the bus. Event subscriptions run for every ONVIF camera (not only those
 * whose gate listens for camera-motion): MQTT subscribers get the camera's motion too.
 * Lifecycle: register cameras with {@link #source}, then {@link #start()}; {@link #stop()} is idempotent.
 */
public final class OnvifCameras {
    private static final Logger log = LoggerFactory.getLogger(OnvifCameras.class);
    private static final int RESOLVER_THREADS = 4;

    private final String site;
    private final EventBus events;
    private final Clock clock;
    private final OnvifClientSettings settings;
    private final Map<String, OnvifCamera> cameras = new LinkedHashMap<>();
    /** Read by the resolver threads, which may run before {@link #start()} has filled it. */
    private final Map<String, CameraMotion> motions = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, PullPointLoop> loops = new LinkedHashMap<>();
    private final Map<String, ScheduledExecutorService> loopThreads = new LinkedHashMap<>();
    private final ThreadPoolExecutor resolvers;
    private final StreamCache<ResolvedStream> streams;
    private final MeterRegistry metrics;
    private final Map<String, SourceConfig.Onvif> sources = new LinkedHashMap<>();
    private final Map<String, RepeatedFailures> staleLogs = new java.util.concurrent.ConcurrentHashMap<>();
    private Bus bus;
    private boolean started;

    public OnvifCameras(String site, EventBus events, Clock clock, OnvifClientSettings settings) {
        this(site, events, clock, settings, new SimpleMeterRegistry());
    }

    /** With the registry that counts event notifications on topics the gateway does not read. */
    public OnvifCameras(String site, EventBus events, Clock clock, OnvifClientSettings settings, MeterRegistry metrics) {
        this.metrics = metrics;
        this.site = site;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.resolvers = new ThreadPoolExecutor(RESOLVER_THREADS, RESOLVER_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("onvif-client", true));
        this.resolvers.allowCoreThreadTimeOut(true);
        this.streams = new StreamCache<>(this::resolve, resolvers, settings.cacheTime());
    }

    /**
     * The upstream source of a camera given as {@code source: {onvif: ...}}; after {@link #start()} (a camera added
     * by a reload) its event subscription starts at once.
     */
    public synchronized UpstreamSource source(String cameraId, SourceConfig.Onvif onvif, boolean keepAudio, boolean udp,
                                              boolean allowBasic, Duration rtspTimeout, Bootstrap bootstrap) {
        if (bus == null) {
            bus = BusFactory.newInstance().createBus();
        }
        CameraTime time = new CameraTime(clock);
        SoapPorts ports = new SoapPorts(bus, onvif.username(), onvif.password(), time, settings.connectTimeout());
        cameras.put(cameraId, new OnvifCamera(cameraId, onvif, ports, time, settings));
        sources.put(cameraId, onvif);
        if (started) {
            startEvents(cameraId);
        }
        return new OnvifCameraSource(cameraId, () -> streams.get(cameraId), () -> refreshed(cameraId),
                OnvifCameraSource.rtsp(cameraId, keepAudio, udp, allowBasic, rtspTimeout, bootstrap));
    }

    private ResolvedStream resolve(String cameraId) {
        ResolvedStream stream = cameras.get(cameraId).resolve();
        CameraMotion motion = motions.get(cameraId);
        if (motion != null) {
            motion.profile(stream.profile());
        }
        // Host and port only: some cameras put credentials in the path or query of their stream URIs.
        log.info("camera {}: ONVIF stream at {}://{}:{} (profile {}, {} {}x{}, camera clock offset {} ms)", cameraId,
                stream.uri().getScheme(), stream.uri().getHost(), stream.uri().getPort(), stream.profile().token(), stream.profile().encoding(), stream.profile().width(),
                stream.profile().height(), stream.clockOffset().toMillis());
        return stream;
    }

    /** Asks the camera again; when that fails, the last known stream (if any) with a one-line warning. */
    private CompletableFuture<ResolvedStream> refreshed(String cameraId) {
        RepeatedFailures repeated = staleLogs.computeIfAbsent(cameraId,
                id -> new RepeatedFailures(clock, PullPointLoop.SUMMARY_INTERVAL));
        return streams.refresh(cameraId, error -> {
            String line;
            synchronized (repeated) {
                line = repeated.failed(error.getMessage());
            }
            if (line != null) {
                log.warn("{}; trying the last known stream URI", line);
            }
        }).whenComplete((ok, error) -> {
            if (error == null) {
                synchronized (repeated) {
                    repeated.succeeded();
                }
            }
        });
    }

    static <V> CompletableFuture<V> refreshOrLastKnown(StreamCache<V> cache, String key) {
        return cache.refresh(key, error -> log.warn("{}; trying the last known stream URI", error.getMessage()));
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (String cameraId : cameras.keySet()) {
            startEvents(cameraId);
        }
    }

    private void startEvents(String cameraId) {
        Counter unknownTopics = Counter.builder("camgate.onvif.unknown.topics")
                .description("event notifications from the camera on topics the gateway does not read")
                .tag("camera", cameraId).register(metrics);
        CameraMotion motion = new CameraMotion(cameraId, site, events::publish, clock,
                CameraTopics.of(sources.get(cameraId)), unknownTopics::increment);
        motions.put(cameraId, motion);
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1,
                new DefaultThreadFactory("onvif-events-" + cameraId, true));
        thread.setRemoveOnCancelPolicy(true);
        loopThreads.put(cameraId, thread);
        TaskScheduler scheduler = (task, delay) -> {
            ScheduledFuture<?> f = thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
        PullPointLoop loop = new PullPointLoop(cameraId, () -> connect(cameraId, motion), motion, scheduler, clock,
                settings);
        loops.put(cameraId, loop);
        loop.start();
    }

    /**
     * Forgets a camera removed (or changed) by a reload: its event subscription ends (unsubscribing, bounded wait)
     * and its stream URI is no longer resolved.
     */
    public synchronized void remove(String cameraId) {
        PullPointLoop loop = loops.remove(cameraId);
        ScheduledExecutorService thread = loopThreads.remove(cameraId);
        if (loop != null) {
            loop.stop();
        }
        if (thread != null) {
            thread.shutdownNow();
        }
        if (loop != null && !resolvers.isShutdown()) {
            CompletableFuture<Void> released = CompletableFuture.runAsync(loop::release, resolvers);
            try {
                released.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.debug("unsubscribing from camera {} did not finish: {}", cameraId, e.toString());
            }
        }
        CameraMotion motion = motions.remove(cameraId);
        if (motion != null) {
            motion.lost("camera removed");
        }
        cameras.remove(cameraId);
        sources.remove(cameraId);
        staleLogs.remove(cameraId);
        streams.forget(cameraId);
    }

    private EventsPort connect(String cameraId, CameraMotion motion) {
        ResolvedStream stream;
        try {
            stream = streams.get(cameraId).get(settings.receiveTimeout().multipliedBy(6).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = unwrap(e);
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new OnvifException(cameraId, "resolve", OnvifFailure.TIMEOUT, "the camera's ONVIF services did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        motion.profile(stream.profile());
        return cameras.get(cameraId).events(stream.services());
    }

    private static Throwable unwrap(Throwable t) {
        return (t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null
                ? t.getCause() : t;
    }

    /** Stops event subscriptions (unsubscribing, bounded wait) and the resolver threads. */
    public synchronized void stop() {
        loops.values().forEach(PullPointLoop::stop);
        for (ScheduledExecutorService thread : loopThreads.values()) {
            thread.shutdownNow();
        }
        for (ScheduledExecutorService thread : loopThreads.values()) {
            try {
                thread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loopThreads.clear();
        List<CompletableFuture<Void>> releases = new ArrayList<>();
        for (PullPointLoop loop : loops.values()) {
            releases.add(CompletableFuture.runAsync(loop::release, resolvers));
        }
        try {
            CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("unsubscribing from cameras did not finish: {}", e.toString());
        }
        loops.clear();
        motions.values().forEach(m -> m.lost("gateway stopping"));
        motions.clear();
        resolvers.shutdownNow();
        // The CXF bus is left to the garbage collector: shutting it down would also stop CXF's Netty server
        // engines of this JVM (CXF keeps them in a static registry).
        started = false;
    }

    /** Per ONVIF camera: whether its event subscription is live, failures in a row and the last error. */
    public synchronized List<Map<String, Object>> status() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, PullPointLoop> e : loops.entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", e.getKey());
            entry.put("eventsSubscribed", e.getValue().subscribed());
            entry.put("eventFailures", e.getValue().failures());
            entry.put("lastError", e.getValue().lastError());
            CameraMotion motion = motions.get(e.getKey());
            entry.put("unknownTopics", motion == null ? 0 : motion.unknownTopics());
            out.add(entry);
        }
        return out;
    }

    /** The camera's event loop (tests). */
    synchronized PullPointLoop loop(String cameraId) {
        return loops.get(cameraId);
    }
}
