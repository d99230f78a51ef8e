package org.camgate.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camgate.event.Event;
import org.camgate.event.EventState;

/**
 * Home Assistant MQTT discovery: the first time a source reports a start/end event (per zone), a retained
 * {@code binary_sensor} configuration is published on {@code {discoveryPrefix}/binary_sensor/camgate_{site}/{object}/config},
 * reading its state from the event's retained state topic ({@code ON} while started) and its availability from
 * the gateway status topic. Device classes: motion (motion, camera-motion, intrusion, speed), occupancy
 * (occupancy, presence, dwell), heat (fire), problem (fault), opening (gate). Instant events (line crossings,
 * statistics) have no on/off state and get no entity. The configuration is retained, so sending it again after a
 * restart is harmless.
 */
final class HomeAssistantOutput implements MessageOutput {
    private final String discoveryPrefix;
    private final String site;
    private final Topics topics;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    HomeAssistantOutput(String discoveryPrefix, String site, Topics topics) {
        this.discoveryPrefix = discoveryPrefix;
        this.site = site;
        this.topics = topics;
    }

    static String deviceClass(String event) {
        return switch (event) {
            case "motion", "camera-motion", "intrusion", "speed" -> "motion";
            case "occupancy", "presence", "dwell" -> "occupancy";
            case "fire" -> "heat";
            case "fault" -> "problem";
            case "gate" -> "opening";
            default -> null;
        };
    }

    @Override
    public void messages(Event e, byte[] json, List<OutboxMessage.Draft> out) {
        if (e.state() == EventState.INSTANT) {
            return;
        }
        String object = safe(e.source().kind() + "_" + e.source().id() + "_" + e.event()
                + (e.zone() == null ? "" : "_" + e.zone()));
        if (!announced.add(object)) {
            return;
        }
        String node = safe("camgate_" + site);
        ObjectNode c = mapper.createObjectNode();
        c.put("name", e.event() + (e.zone() == null ? "" : " " + e.zone()));
        c.put("unique_id", node + "_" + object);
        c.put("state_topic", topics.state(e));
        c.put("value_template", "{{ 'ON' if value_json.state == 'start' else 'OFF' }}");
        String deviceClass = deviceClass(e.event());
        if (deviceClass != null) {
            c.put("device_class", deviceClass);
        }
        c.put("availability_topic", topics.status());
        c.put("payload_available", "online");
        c.put("payload_not_available", "offline");
        ObjectNode device = c.putObject("device");
        device.putArray("identifiers").add(node + "_" + safe(e.source().kind() + "_" + e.source().id()));
        device.put("name", e.source().id());
        device.put("model", e.source().type());
        device.put("manufacturer", "camgate");
        try {
            out.add(new OutboxMessage.Draft(discoveryPrefix + "/binary_sensor/" + node + "/" + object + "/config", true,
                    mapper.writeValueAsBytes(c)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
