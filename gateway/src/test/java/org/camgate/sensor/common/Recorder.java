package org.camgate.sensor.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camgate.event.EventState;

/** Records what detectors report, as "event/state/zone" lines and their data. */
public final class Recorder implements DetectionSink {
    public final List<String> lines = new ArrayList<>();
    public final List<Map<String, Object>> data = new ArrayList<>();

    @Override
    public void emit(String event, EventState state, String zone, Map<String, Object> d) {
        lines.add(event + "/" + state.wire() + (zone == null ? "" : "/" + zone));
        data.add(d);
    }

    public List<String> take() {
        List<String> out = new ArrayList<>(lines);
        lines.clear();
        data.clear();
        return out;
    }
}
