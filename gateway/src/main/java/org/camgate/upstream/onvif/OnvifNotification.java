package org.camgate.upstream.onvif;

import java.util.Map;

/**
 * One event notification from a camera, stripped of its XML.
 *
 * @param topic     the topic text as sent, e.g. {@code tns1:VideoSource/MotionAlarm}
 * @param operation the PropertyOperation ({@code Initialized}, {@code Changed}, {@code Deleted}) or empty
 * @param source    the Source SimpleItems, name to value
 * @param data      the Data SimpleItems, name to value
 */
record OnvifNotification(String topic, String operation, Map<String, String> source, Map<String, String> data) {
    OnvifNotification {
        source = Map.copyOf(source);
        data = Map.copyOf(data);
    }
}
