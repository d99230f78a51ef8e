package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;

class OptionalOutputsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Topics topics = new Topics("camgate", "lab-1");

    private static Event event(String kind, String name, EventState state, String zone) {
        EventSource source = kind.equals("camera") ? EventSource.camera("cam-1") : EventSource.sensor("heat-1", "thermal");
        return new Event("e", Instant.parse("2026-01-01T00:00:00Z"), "lab-1", source, name, state, zone, Map.of());
    }

    @Test
    void homeAssistantAnnouncesEachSourceEventAndZoneOnceWithItsDeviceClass() throws Exception {
        HomeAssistantOutput ha = new HomeAssistantOutput("homeassistant", "lab-1", topics);
        List<OutboxMessage.Draft> out = new ArrayList<>();
        ha.messages(event("sensor", "fire", EventState.START, "store"), new byte[0], out);
        ha.messages(event("sensor", "fire", EventState.END, "store"), new byte[0], out);
        ha.messages(event("sensor", "fire", EventState.START, "yard"), new byte[0], out);
        ha.messages(event("sensor", "statistics", EventState.INSTANT, null), new byte[0], out);
        ha.messages(event("camera", "manual", EventState.START, null), new byte[0], out);
        assertThat(out).extracting(OutboxMessage.Draft::topic).containsExactly(
                "homeassistant/binary_sensor/camgate_lab-1/sensor_heat-1_fire_store/config",
                "homeassistant/binary_sensor/camgate_lab-1/sensor_heat-1_fire_yard/config",
                "homeassistant/binary_sensor/camgate_lab-1/camera_cam-1_manual/config");
        assertThat(out).allMatch(OutboxMessage.Draft::retained);
        JsonNode fire = MAPPER.readTree(out.get(0).payload());
        assertThat(fire.get("device_class").asText()).isEqualTo("heat");
        assertThat(fire.get("state_topic").asText()).isEqualTo("camgate/lab-1/sensor/heat-1/state/fire/store");
        assertThat(fire.get("unique_id").asText()).isEqualTo("camgate_lab-1_sensor_heat-1_fire_store");
        assertThat(MAPPER.readTree(out.get(2).payload()).has("device_class")).isFalse();
        assertThat(HomeAssistantOutput.deviceClass("presence")).isEqualTo("occupancy");
        assertThat(HomeAssistantOutput.deviceClass("camera-motion")).isEqualTo("motion");
        assertThat(HomeAssistantOutput.deviceClass("fault")).isEqualTo("problem");
    }

    @Test
    void profileMPropertyEventsAreRetainedAndInstantOnesAreNot() throws Exception {
        ProfileMOutput pm = new ProfileMOutput("camgate");
        List<OutboxMessage.Draft> out = new ArrayList<>();
        pm.messages(event("camera", "motion", EventState.END, null), new byte[0], out);
        pm.messages(event("sensor", "line-crossing", EventState.INSTANT, "fence"), new byte[0], out);
        assertThat(out.get(0).topic()).isEqualTo("camgate/onvif-ej/RuleEngine/CellMotionDetector/Motion/lab-1/camera/cam-1");
        assertThat(out.get(0).retained()).isTrue();
        JsonNode motion = MAPPER.readTree(out.get(0).payload());
        assertThat(motion.get("Topic").asText()).isEqualTo("tns1:RuleEngine/CellMotionDetector/Motion");
        assertThat(motion.get("Data").get("IsMotion").asBoolean()).isFalse();
        assertThat(motion.get("Source").get("VideoSource").asText()).isEqualTo("cam-1");
        assertThat(out.get(1).topic()).isEqualTo("camgate/onvif-ej/RuleEngine/LineDetector/Crossed/lab-1/sensor/heat-1/fence");
        assertThat(out.get(1).retained()).isFalse();
        assertThat(MAPPER.readTree(out.get(1).payload()).get("PropertyOperation").isNull()).isTrue();
    }
}
