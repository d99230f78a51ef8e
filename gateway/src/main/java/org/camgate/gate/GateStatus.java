package org.camgate.gate;

import org.camgate.config.GateMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The {@code gates} status section: per camera, its gate mode, whether the gate is open, which triggers are active,
 * a running post-roll, the schedule, and its motion analysis (state and score) when it has one. Cameras are added
 * while the gateway starts; {@link #snapshot()} runs on status request threads and reads only values the cameras'
 * loops publish safely ({@link CameraGate#snapshot()}, the detector's status).
 */
public final class GateStatus {
    private record Entry(String cameraId, GateMode mode, CameraGate gate, Supplier<Map<String, Object>> motion) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * @param gate   the camera's gate, or null in mode {@code always}
     * @param motion the camera's motion analysis status, or null when it has none
     */
    public void add(String cameraId, GateMode mode, CameraGate gate, Supplier<Map<String, Object>> motion) {
        entries.add(new Entry(Objects.requireNonNull(cameraId, "cameraId"), Objects.requireNonNull(mode, "mode"), gate,
                motion));
    }

    public List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Map<String, Object> camera = new LinkedHashMap<>();
            camera.put("id", e.cameraId());
            camera.put("mode", e.mode().name().toLowerCase(Locale.ROOT));
            if (e.gate() == null) {
                camera.put("open", true);
            } else {
                CameraGate.Snapshot s = e.gate().snapshot();
                camera.put("open", s.open());
                camera.put("activeTriggers", s.activeTriggers());
                camera.put("postRollUntil", s.postRollUntil() == null ? null : s.postRollUntil().toString());
                camera.put("scheduleAllows", s.scheduleAllows());
                camera.put("since", s.since() == null ? null : s.since().toString());
            }
            if (e.motion() != null) {
                camera.put("motion", e.motion().get());
            }
            out.add(camera);
        }
        return out;
    }
}
