package org.camgate.upstream.onvif;

import org.camgate.config.GateConfig;
import org.camgate.config.SourceConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event topics read from one camera, each a {@link Rule}: the standard motion topics, the field and line
 * detector topics, and the camera's configured vendor motion topics. Also writes the topic filter the event
 * subscription carries (ONVIF's ConcreteSet dialect: topics joined by {@code |}). Immutable.
 */
final class CameraTopics {
    static final String CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";
    static final String TNS1 = SourceConfig.MotionTopic.ONVIF_TOPICS;

    /**
     * One topic the gateway reads.
     *
     * @param path      the topic without prefix, e.g. {@code VideoSource/MotionAlarm}
     * @param item      the boolean Data item (unused for instant topics)
     * @param event     the gateway event it becomes
     * @param instant   an occurrence, not a state
     * @param prefix    the prefix written in the topic filter
     * @param namespace the namespace that prefix stands for
     */
    record Rule(String path, String item, String event, boolean instant, String prefix, String namespace) {
        String filterTopic() {
            return prefix + ":" + path;
        }
    }

    static final List<Rule> STANDARD_RULES = List.of(
            new Rule(MotionSignal.MOTION_ALARM, "State", GateConfig.CAMERA_MOTION, false, "tns1", TNS1),
            new Rule(MotionSignal.CELL_MOTION, "IsMotion", GateConfig.CAMERA_MOTION, false, "tns1", TNS1),
            new Rule(MotionSignal.MOTION_REGION, "State", GateConfig.CAMERA_MOTION, false, "tns1", TNS1),
            new Rule(MotionSignal.FIELD, "IsInside", GateConfig.CAMERA_FIELD, false, "tns1", TNS1),
            new Rule(MotionSignal.LINE, "", GateConfig.CAMERA_LINE, true, "tns1", TNS1));

    static final CameraTopics STANDARD = new CameraTopics(List.of(), true);

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final boolean filter;

    CameraTopics(List<SourceConfig.MotionTopic> vendor, boolean filter) {
        this.filter = filter;
        for (Rule r : STANDARD_RULES) {
            rules.put(r.path(), r);
        }
        for (SourceConfig.MotionTopic t : vendor) {
            String prefix = t.prefix().isEmpty() ? "tns1" : t.prefix();
            String ns = t.namespace().isEmpty() ? TNS1 : t.namespace();
            // A vendor entry for a standard path replaces the standard reading (another item name).
            rules.put(MotionSignal.path(t.topic()), new Rule(MotionSignal.path(t.topic()), t.item(),
                    GateConfig.CAMERA_MOTION, false, prefix, ns));
        }
    }

    static CameraTopics of(SourceConfig.Onvif source) {
        return new CameraTopics(source.motionTopics(), source.topicFilter());
    }

    /** The rule for a topic as the camera wrote it, or null when the gateway does not read that topic. */
    Rule rule(String topic) {
        return rules.get(MotionSignal.path(topic));
    }

    Optional<MotionSignal> signal(OnvifNotification n, MediaProfile profile) {
        Rule r = rule(n.topic());
        return r == null ? Optional.empty() : MotionSignal.read(r, n, profile);
    }

    /** Whether subscriptions carry a topic filter. */
    boolean filtered() {
        return filter;
    }

    /** The filter's text: every topic read, joined by {@code |}, e.g. {@code tns1:VideoSource/MotionAlarm|...}. */
    String filterExpression() {
        List<String> parts = new ArrayList<>();
        for (Rule r : rules.values()) {
            parts.add(r.filterTopic());
        }
        return String.join("|", parts);
    }

    /** Prefix to namespace, for the filter element's declarations. */
    Map<String, String> namespaces() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Rule r : rules.values()) {
            out.putIfAbsent(r.prefix(), r.namespace());
        }
        return out;
    }
}
