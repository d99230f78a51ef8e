package org.camgate.onvif.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One ONVIF event message, before it is written as XML.
 *
 * @param topic     the concrete topic with its prefix, e.g. {@code tns1:VideoSource/MotionAlarm}
 * @param time      the message's UtcTime
 * @param operation Initialized, Changed or Deleted for property events; null for instant ones
 * @param source    Source simple items, in order
 * @param data      Data simple items, in order (the boolean state first)
 * @param cameraId  the camera it concerns (for per-user permissions), or null for sensors
 */
public record OnvifNotification(String topic, Instant time, String operation, List<Map.Entry<String, String>> source,
                                List<Map.Entry<String, String>> data, String cameraId) {
    public OnvifNotification {
        source = List.copyOf(source);
        data = List.copyOf(data);
    }

    public OnvifNotification withOperation(String op, Instant at) {
        return new OnvifNotification(topic, at, op, source, data, cameraId);
    }

    /** Identifies the property this message reports (topic and source), for keeping current states. */
    public String propertyKey() {
        return topic + source;
    }
}
