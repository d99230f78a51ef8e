package org.camgate.gate;

import org.camgate.config.GateConfig;
import org.camgate.event.Event;
import org.camgate.event.EventSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Says which of a camera's configured triggers an event on the bus is about: the camera's own {@code motion},
 * {@code camera-motion}, {@code camera-field}, {@code camera-line} and {@code manual} events, and sensor detections ({@code sensor:<id>} for any zone,
 * {@code sensor:<id>/<zone>} for one). A sensor's {@code fault} and {@code statistics} never open a gate.
 */
final class TriggerMatcher {
    private static final Set<String> CAMERA_TRIGGERS = Set.of(GateConfig.MOTION, GateConfig.CAMERA_MOTION,
            GateConfig.CAMERA_FIELD, GateConfig.CAMERA_LINE, GateConfig.MANUAL);
    private static final Set<String> NOT_DETECTIONS = Set.of("fault", "statistics");

    private final String cameraId;
    private final List<String> triggers;

    TriggerMatcher(String cameraId, List<String> triggers) {
        this.cameraId = cameraId;
        this.triggers = List.copyOf(triggers);
    }

    /** The configured triggers this event concerns (empty when none). */
    List<String> match(Event e) {
        List<String> hits = new ArrayList<>(2);
        EventSource src = e.source();
        if (src.isCamera()) {
            if (src.id().equals(cameraId) && CAMERA_TRIGGERS.contains(e.event()) && triggers.contains(e.event())) {
                hits.add(e.event());
            }
        } else if (src.isSensor() && !NOT_DETECTIONS.contains(e.event())) {
            String whole = GateConfig.SENSOR_PREFIX + src.id();
            if (triggers.contains(whole)) {
                hits.add(whole);
            }
            if (e.zone() != null && triggers.contains(whole + "/" + e.zone())) {
                hits.add(whole + "/" + e.zone());
            }
        }
        return hits;
    }

    /**
     * What keeps a trigger's condition apart from others of the same trigger: one sensor may report several zones
     * and detections at once, and each ends on its own.
     */
    static String conditionKey(Event e) {
        return e.source().kind() + "/" + e.source().id() + "/" + e.event() + "/" + (e.zone() == null ? "" : e.zone());
    }
}
