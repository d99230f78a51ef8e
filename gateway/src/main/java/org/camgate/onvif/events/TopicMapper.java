package org.camgate.onvif.events;

import org.camgate.event.Event;
import org.camgate.event.EventState;
import org.camgate.onvif.Tokens;

import java.util.List;
import java.util.Map;

/**
 * Maps gateway events onto ONVIF topics: a camera's gate onto {@code VideoSource/MotionAlarm}
 * (State: video flows while the gate is open), its {@code signal-loss} onto {@code VideoSource/SignalLoss}
 * (State: true while the camera's video is lost), its motion ({@code motion}, {@code camera-motion})
 * onto {@code RuleEngine/CellMotionDetector/Motion}; sensor detections onto the RuleEngine topics,
 * fire onto camgate's vendor topic. Other events have no ONVIF topic and are not sent.
 */
public final class TopicMapper {
    private TopicMapper() {
    }

    public static List<OnvifNotification> map(Event e) {
        String op = e.state() == EventState.INSTANT ? null : "Changed";
        String on = String.valueOf(e.state() != EventState.END);
        if (e.source().isCamera()) {
            String camera = e.source().id();
            return switch (e.event()) {
                case "gate" -> List.of(new OnvifNotification(Topics.MOTION_ALARM, e.time(), "Changed",
                        List.of(entry("Source", Tokens.videoSource(camera))), List.of(entry("State", on)), camera));
                case "signal-loss" -> List.of(new OnvifNotification(Topics.SIGNAL_LOSS, e.time(), "Changed",
                        List.of(entry("Source", Tokens.videoSource(camera))), List.of(entry("State", on)), camera));
                case "motion", "camera-motion" -> List.of(cellMotion(camera, e, on));
                default -> List.of();
            };
        }
        if (!e.source().isSensor()) {
            return List.of();
        }
        String sensor = e.source().id();
        String rule = e.zone() == null ? e.event() : e.zone();
        List<Map.Entry<String, String>> source = List.of(entry("VideoSource", sensor),
                entry("AnalyticsConfiguration", sensor), entry("Rule", rule));
        return switch (e.event()) {
            case "intrusion", "presence" -> List.of(new OnvifNotification(Topics.FIELD, e.time(), op == null ? "Changed" : op,
                    source, List.of(entry("IsInside", on)), null));
            case "dwell" -> List.of(new OnvifNotification(Topics.LOITERING, e.time(), op == null ? "Changed" : op,
                    source, List.of(entry("IsLoitering", on)), null));
            case "line-crossing" -> List.of(new OnvifNotification(Topics.LINE, e.time(), null, source,
                    List.of(entry("ObjectId", String.valueOf(e.data().getOrDefault("objectId", e.id())))), null));
            case "fire" -> List.of(new OnvifNotification(Topics.FIRE, e.time(), op == null ? "Changed" : op,
                    List.of(entry("Source", sensor), entry("Zone", e.zone() == null ? "" : e.zone())),
                    List.of(entry("State", on)), null));
            default -> List.of();
        };
    }

    /** The Initialized state of a camera's properties before any event: no alarm, no motion, gate as given. */
    public static List<OnvifNotification> initial(String camera, boolean gateOpen, java.time.Instant now) {
        return List.of(
                new OnvifNotification(Topics.MOTION_ALARM, now, "Initialized",
                        List.of(entry("Source", Tokens.videoSource(camera))), List.of(entry("State", String.valueOf(gateOpen))),
                        camera),
                new OnvifNotification(Topics.CELL_MOTION, now, "Initialized", cellSource(camera),
                        List.of(entry("IsMotion", "false")), camera));
    }

    private static OnvifNotification cellMotion(String camera, Event e, String on) {
        return new OnvifNotification(Topics.CELL_MOTION, e.time(), "Changed", cellSource(camera),
                List.of(entry("IsMotion", on)), camera);
    }

    private static List<Map.Entry<String, String>> cellSource(String camera) {
        return List.of(entry("VideoSourceConfigurationToken", Tokens.videoSourceConfiguration(camera)),
                entry("VideoAnalyticsConfigurationToken", "va_" + camera), entry("Rule", "MyMotionDetectorRule"));
    }

    private static Map.Entry<String, String> entry(String k, String v) {
        return Map.entry(k, v);
    }
}
