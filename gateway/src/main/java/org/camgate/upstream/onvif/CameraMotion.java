package org.camgate.upstream.onvif;

import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns one camera's event notifications into gateway events, one kind per {@link CameraTopics.Rule#event()}:
 * {@code camera-motion} and {@code camera-field} start when the first alarm of their kind becomes active and end
 * when the last one clears; {@code camera-line} is instant. When the subscription is lost, whatever is active
 * ends (the gate then closes after its post-roll instead of staying open on an alarm nobody can clear). Topics
 * the camera's rules do not read are counted and logged once per topic at INFO. Not thread-safe: fed by the
 * camera's event thread only.
 */
final class CameraMotion {
    static final String EVENT = "camera-motion";
    /** Distinct unknown topics remembered for the once-only log line; beyond that they are only counted. */
    static final int MAX_REMEMBERED_TOPICS = 256;
    private static final Logger log = LoggerFactory.getLogger(CameraMotion.class);

    private final String cameraId;
    private final String site;
    private final Consumer<Event> sink;
    private final Clock clock;
    private final CameraTopics topics;
    private final Runnable unknownCounter;
    private final Map<String, Set<String>> active = new LinkedHashMap<>();
    private final Set<String> unknownSeen = new HashSet<>();
    private final AtomicLong unknown = new AtomicLong();
    private volatile MediaProfile profile;

    CameraMotion(String cameraId, String site, Consumer<Event> sink, Clock clock) {
        this(cameraId, site, sink, clock, CameraTopics.STANDARD, () -> { });
    }

    CameraMotion(String cameraId, String site, Consumer<Event> sink, Clock clock, CameraTopics topics,
                 Runnable unknownCounter) {
        this.cameraId = cameraId;
        this.site = site;
        this.sink = sink;
        this.clock = clock;
        this.topics = topics;
        this.unknownCounter = unknownCounter;
    }

    /** The profile whose video source alarms count (null: all). */
    void profile(MediaProfile p) {
        profile = p;
    }

    CameraTopics topics() {
        return topics;
    }

    void accept(OnvifNotification n) {
        CameraTopics.Rule rule = topics.rule(n.topic());
        if (rule == null) {
            unknown(n.topic());
            return;
        }
        MotionSignal.read(rule, n, profile).ifPresent(this::apply);
    }

    private void unknown(String topic) {
        unknown.incrementAndGet();
        unknownCounter.run();
        String t = FailureTranslator.clean(topic);
        if (unknownSeen.size() < MAX_REMEMBERED_TOPICS && unknownSeen.add(t)) {
            log.info("camera {}: event topic {} is not read (not a motion, field or line topic; map a vendor motion "
                    + "topic with source.onvif.motionTopics); further events on it are only counted", cameraId, t);
        }
    }

    private void apply(MotionSignal s) {
        Map<String, Object> data = Map.of("topic", "tns1:" + s.topic());
        if (s.instant()) {
            publish(s.event(), EventState.INSTANT, data);
            return;
        }
        Set<String> keys = active.computeIfAbsent(s.event(), e -> new LinkedHashSet<>());
        boolean wasActive = !keys.isEmpty();
        if (s.active()) {
            keys.add(s.key());
        } else {
            keys.remove(s.key());
        }
        if (!wasActive && !keys.isEmpty()) {
            publish(s.event(), EventState.START, data);
        } else if (wasActive && keys.isEmpty()) {
            publish(s.event(), EventState.END, data);
        }
    }

    /** The subscription is gone: whatever was active ends. */
    void lost(String reason) {
        for (Map.Entry<String, Set<String>> e : active.entrySet()) {
            if (!e.getValue().isEmpty()) {
                e.getValue().clear();
                publish(e.getKey(), EventState.END, Map.of("reason", reason));
            }
        }
    }

    /** Whether any motion, field or line condition is active. */
    boolean active() {
        return active.values().stream().anyMatch(s -> !s.isEmpty());
    }

    /** Notifications on topics this camera's rules do not read, so far. */
    long unknownTopics() {
        return unknown.get();
    }

    private void publish(String event, EventState state, Map<String, Object> data) {
        sink.accept(Event.of(clock.instant(), site, EventSource.camera(cameraId), event, state, null, data));
    }
}
