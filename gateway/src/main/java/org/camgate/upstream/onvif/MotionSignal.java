package org.camgate.upstream.onvif;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A trigger read from a camera notification by one of the camera's {@link CameraTopics} rules: motion
 * ({@code tns1:VideoSource/MotionAlarm} State, {@code tns1:RuleEngine/CellMotionDetector/Motion} IsMotion,
 * {@code tns1:RuleEngine/MotionRegionDetector/Motion} State, configured vendor topics), the field detector
 * ({@code RuleEngine/FieldDetector/ObjectsInside} IsInside) or the line detector ({@code RuleEngine/LineDetector/Crossed},
 * instant). Topics are compared without their namespace prefix (the prefix a camera binds to the ONVIF topic
 * namespace varies). Alarms about another video source than the chosen profile's are not for this camera stream.
 *
 * @param event   the gateway event it becomes: {@code camera-motion}, {@code camera-field} or {@code camera-line}
 * @param key     which alarm (topic and source items): each one starts and ends on its own
 * @param topic   the topic without prefix
 * @param active  whether the condition is present (always true for an instant signal)
 * @param instant a one-off occurrence (a line crossed) rather than a state that starts and ends
 */
record MotionSignal(String event, String key, String topic, boolean active, boolean instant) {
    static final String MOTION_ALARM = "VideoSource/MotionAlarm";
    static final String CELL_MOTION = "RuleEngine/CellMotionDetector/Motion";
    static final String MOTION_REGION = "RuleEngine/MotionRegionDetector/Motion";
    static final String FIELD = "RuleEngine/FieldDetector/ObjectsInside";
    static final String LINE = "RuleEngine/LineDetector/Crossed";
    /** Source items naming a video source configuration. */
    private static final Set<String> CONFIG_TOKENS = Set.of("VideoSourceConfigurationToken");
    /** Source items naming a video source (cameras mix them up with the configuration token). */
    private static final Set<String> SOURCE_TOKENS = Set.of("Source", "VideoSource", "VideoSourceToken");

    /** The signal with the standard topics only (no vendor topics). */
    static Optional<MotionSignal> from(OnvifNotification n, MediaProfile profile) {
        return CameraTopics.STANDARD.signal(n, profile);
    }

    /** The signal a rule reads from {@code n}, or empty (another video source, an unreadable value). */
    static Optional<MotionSignal> read(CameraTopics.Rule rule, OnvifNotification n, MediaProfile profile) {
        if (!forProfile(n.source(), profile)) {
            return Optional.empty();
        }
        String key = rule.path() + " " + new TreeMap<>(n.source());
        if (rule.instant()) {
            // A crossing is an occurrence; a property's initial or deleted state is not one.
            if ("Initialized".equals(n.operation()) || "Deleted".equals(n.operation())) {
                return Optional.empty();
            }
            return Optional.of(new MotionSignal(rule.event(), key, rule.path(), true, true));
        }
        Boolean active = "Deleted".equals(n.operation()) ? Boolean.FALSE : bool(n.data().get(rule.item()));
        if (active == null) {
            return Optional.empty();
        }
        return Optional.of(new MotionSignal(rule.event(), key, rule.path(), active, false));
    }

    /**
     * False when a source item names a video source (or its configuration) that is not the profile's. Cameras put
     * either token in either item, so a token matching the profile's source or configuration is accepted.
     */
    private static boolean forProfile(Map<String, String> source, MediaProfile profile) {
        if (profile == null) {
            return true;
        }
        for (Map.Entry<String, String> e : source.entrySet()) {
            if (CONFIG_TOKENS.contains(e.getKey()) || SOURCE_TOKENS.contains(e.getKey())) {
                String v = e.getValue();
                if (!v.isEmpty() && !v.equals(profile.videoSourceToken()) && !v.equals(profile.videoSourceConfigToken())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The topic without its namespace prefix and without a trailing dialect dot. */
    static String path(String topic) {
        String t = topic.trim();
        int colon = t.indexOf(':');
        if (colon >= 0 && (t.indexOf('/') > colon || t.indexOf('/') < 0)) {
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
            case "true", "1", "active", "on" -> Boolean.TRUE;
            case "false", "0", "inactive", "off" -> Boolean.FALSE;
            default -> null;
        };
    }
}
