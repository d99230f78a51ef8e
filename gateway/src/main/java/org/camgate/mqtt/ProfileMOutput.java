package org.camgate.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.camgate.event.Event;
import org.camgate.event.EventState;

/**
 * ONVIF Profile M style event topics for ONVIF consumers: {@code {prefix}/onvif-ej/{ONVIF topic}/{site}/{kind}/{id}}
 * with a JSON body after ONVIF's event JSON ({@code Topic}, {@code UtcTime}, {@code Source}, {@code Data},
 * {@code PropertyOperation}). Start/end detections are ONVIF property events ({@code Changed}, retained, data
 * {@code true}/{@code false}); instant events are not retained. Mapping:
 * intrusion, occupancy, presence → RuleEngine/FieldDetector/ObjectsInside (IsInside);
 * motion, camera-motion → RuleEngine/CellMotionDetector/Motion (IsMotion);
 * line-crossing → RuleEngine/LineDetector/Crossed; dwell → RuleEngine/LoiteringDetector/ObjectIsLoitering;
 * anything else → RuleEngine/camgate/{event} (State).
 */
final class ProfileMOutput implements MessageOutput {
    private final String base;
    private final ObjectMapper mapper = new ObjectMapper();

    ProfileMOutput(String prefix) {
        this.base = prefix + "/onvif-ej/";
    }

    /** The ONVIF topic (without tns1:) and the name of its data item. */
    static Map.Entry<String, String> onvifTopic(String event) {
        return switch (event) {
            case "intrusion", "occupancy", "presence" -> Map.entry("RuleEngine/FieldDetector/ObjectsInside", "IsInside");
            case "motion", "camera-motion" -> Map.entry("RuleEngine/CellMotionDetector/Motion", "IsMotion");
            case "line-crossing" -> Map.entry("RuleEngine/LineDetector/Crossed", "ObjectId");
            case "dwell" -> Map.entry("RuleEngine/LoiteringDetector/ObjectIsLoitering", "IsLoitering");
            default -> Map.entry("RuleEngine/camgate/" + event, "State");
        };
    }

    @Override
    public void messages(Event e, byte[] json, List<OutboxMessage.Draft> out) {
        Map.Entry<String, String> t = onvifTopic(e.event());
        boolean property = e.state() != EventState.INSTANT;
        ObjectNode body = mapper.createObjectNode();
        body.put("Topic", "tns1:" + t.getKey());
        body.put("UtcTime", e.time().toString());
        body.put("PropertyOperation", property ? "Changed" : null);
        ObjectNode source = body.putObject("Source");
        source.put("Site", e.site());
        source.put(e.source().isCamera() ? "VideoSource" : "Sensor", e.source().id());
        if (e.zone() != null) {
            source.put("Rule", e.zone());
        }
        ObjectNode data = body.putObject("Data");
        if (property) {
            data.put(t.getValue(), e.state() == EventState.START);
        } else {
            data.put(t.getValue(), e.id());
        }
        String topic = base + t.getKey() + "/" + e.site() + "/" + e.source().kind() + "/" + e.source().id()
                + (e.zone() == null ? "" : "/" + Topics.level(e.zone(), "zone"));
        try {
            out.add(new OutboxMessage.Draft(topic, property, mapper.writeValueAsBytes(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
