package org.camgate.onvif.client;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A motion alarm read from a camera notification: {@code tns1:VideoSource/MotionAlarm} (State) or
 * {@code tns1:RuleEngine/CellMotionDetector/Motion} (IsMotion). Topics are compared without their namespace
 * prefix (the prefix a camera binds to the ONVIF topic namespace varies). Alarms about another video source
 * than the chosen profile's are not for this camera stream.
 *
 * @param key    which alarm (topic and source items): each one starts and ends on its own
 * @param topic  the topic without prefix
 * @param active whether motion is present
 */
record MotionSignal(String key, String topic, boolean active) {
    static final String MOTION_ALARM = "VideoSource/MotionAlarm";
    static final String CELL_MOTION = "RuleEngine/CellMotionDetector/Motion";

    static Optional<MotionSignal> from(OnvifNotification n, MediaProfile profile) {
        String topic = path(n.topic());
        String flag;
        String sourceToken;
        String expected;
        if (MOTION_ALARM.equals(topic)) {
            flag = n.data().get("State");
            sourceToken = first(n.source(), "Source", "VideoSourceToken", "VideoSource");
            expected = profile == null ? "" : profile.videoSourceToken();
        } else if (CELL_MOTION.equals(topic)) {
            flag = n.data().get("IsMotion");
            sourceToken = first(n.source(), "VideoSourceConfigurationToken", "VideoSourceToken", "Source");
            expected = profile == null ? "" : profile.videoSourceConfigToken();
        } else {
            return Optional.empty();
        }
        if (!sourceToken.isEmpty() && !expected.isEmpty() && !sourceToken.equals(expected)) {
            return Optional.empty();
        }
        Boolean active = "Deleted".equals(n.operation()) ? Boolean.FALSE : bool(flag);
        if (active == null) {
            return Optional.empty();
        }
        return Optional.of(new MotionSignal(topic + " " + new TreeMap<>(n.source()), topic, active));
    }

    /** The topic without its namespace prefix and without a trailing dialect dot. */
    static String path(String topic) {
        String t = topic.trim();
        int colon = t.indexOf(':');
        if (colon >= 0 && t.indexOf('/') > colon) {
            t = t.substring(colon + 1);
        }
        while (t.endsWith("/.") || t.endsWith("/")) {
            t = t.substring(0, t.length() - (t.endsWith("/.") ? 2 : 1));
        }
        return t;
    }

    private static Boolean bool(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String first(Map<String, String> items, String... names) {
        for (String name : names) {
            String v = items.get(name);
            if (v != null) {
                return v;
            }
        }
        return "";
    }
}
