package org.camgate.sensor.common;

import java.util.Map;
import org.camgate.event.EventState;

/** Where a detector reports; the sensor channel turns reports into events with its site, source and time. */
@FunctionalInterface
public interface DetectionSink {
    void emit(String event, EventState state, String zone, Map<String, Object> data);
}
