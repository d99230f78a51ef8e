package org.camgate.onvif.client;

import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns one camera's motion alarms into {@code camera-motion} start/end events: start when the first alarm
 * becomes active, end when the last one clears. When the subscription is lost, active motion ends (the gate
 * then closes after its post-roll instead of staying open on an alarm nobody can clear). Not thread-safe: fed
 * by the camera's event thread only.
 */
final class CameraMotion {
    static final String EVENT = "camera-motion";

    private final String cameraId;
    private final String site;
    private final Consumer<Event> sink;
    private final Clock clock;
    private final Set<String> active = new LinkedHashSet<>();
    private volatile MediaProfile profile;

    CameraMotion(String cameraId, String site, Consumer<Event> sink, Clock clock) {
        this.cameraId = cameraId;
        this.site = site;
        this.sink = sink;
        this.clock = clock;
    }

    /** The profile whose video source alarms count (null: all). */
    void profile(MediaProfile p) {
        profile = p;
    }

    void accept(OnvifNotification n) {
        MotionSignal.from(n, profile).ifPresent(this::apply);
    }

    private void apply(MotionSignal s) {
        boolean wasActive = !active.isEmpty();
        if (s.active()) {
            active.add(s.key());
        } else {
            active.remove(s.key());
        }
        if (!wasActive && !active.isEmpty()) {
            publish(EventState.START, Map.of("topic", "tns1:" + s.topic()));
        } else if (wasActive && active.isEmpty()) {
            publish(EventState.END, Map.of("topic", "tns1:" + s.topic()));
        }
    }

    /** The subscription is gone: whatever was active ends. */
    void lost(String reason) {
        if (!active.isEmpty()) {
            active.clear();
            publish(EventState.END, Map.of("reason", reason));
        }
    }

    boolean active() {
        return !active.isEmpty();
    }

    private void publish(EventState state, Map<String, Object> data) {
        sink.accept(Event.of(clock.instant(), site, EventSource.camera(cameraId), EVENT, state, null, data));
    }
}
