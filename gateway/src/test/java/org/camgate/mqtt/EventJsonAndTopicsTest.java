package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;

class EventJsonAndTopicsTest {
    private final Topics topics = new Topics("acme/camgate", "lab-1");
    private final Event camera = new Event("id-1", Instant.parse("2026-01-02T03:04:05Z"), "lab-1",
            EventSource.camera("entrance"), "motion", EventState.END, null, Map.of());

    @Test
    void payloadFollowsTheContractFieldOrderAndOmitsAMissingZone() {
        String json = new String(new EventJson().write(camera), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"id\":\"id-1\",\"time\":\"2026-01-02T03:04:05Z\",\"site\":\"lab-1\","
                + "\"source\":{\"kind\":\"camera\",\"id\":\"entrance\",\"type\":\"camera\"},\"event\":\"motion\","
                + "\"state\":\"end\",\"data\":{}}");
        Event thermal = new Event("id-2", Instant.parse("2026-01-02T03:04:05.5Z"), "lab-1",
                EventSource.sensor("heat-1", "thermal"), "fire", EventState.START, "store \"B\"",
                Map.of("temperature", 351.2, "rising", true, "unit", "K"));
        assertThat(new String(new EventJson().write(thermal), StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"id-2\",\"time\":\"2026-01-02T03:04:05.500Z\",\"site\":\"lab-1\",\"source\":{\"kind\":\"sensor\","
                        + "\"id\":\"heat-1\",\"type\":\"thermal\"},\"event\":\"fire\",\"state\":\"start\","
                        + "\"zone\":\"store \\\"B\\\"\",\"data\":{\"rising\":true,\"temperature\":351.2,\"unit\":\"K\"}}");
    }

    @Test
    void topics() {
        assertThat(topics.event(camera)).isEqualTo("acme/camgate/lab-1/camera/entrance/motion");
        assertThat(topics.state(camera)).isEqualTo("acme/camgate/lab-1/camera/entrance/state/motion");
        Event zoned = new Event("i", Instant.EPOCH, "lab-1", EventSource.sensor("r1", "radar"), "dwell",
                EventState.START, "yard", Map.of());
        assertThat(topics.state(zoned)).isEqualTo("acme/camgate/lab-1/sensor/r1/state/dwell/yard");
        assertThat(topics.status()).isEqualTo("acme/camgate/lab-1/gateway/status");
        assertThat(topics.commandFilter()).isEqualTo("acme/camgate/lab-1/camera/+/command");
        assertThat(topics.commandCamera("acme/camgate/lab-1/camera/gate-2/command")).isEqualTo("gate-2");
        assertThat(topics.commandCamera("acme/camgate/lab-1/camera/a/b/command")).isNull();
        assertThat(topics.commandCamera("acme/camgate/lab-2/camera/x/command")).isNull();
        Event bad = new Event("i", Instant.EPOCH, "lab-1", EventSource.sensor("r1", "radar"), "dwell",
                EventState.START, "a/#", Map.of());
        assertThatThrownBy(() -> topics.state(bad)).hasMessage(
                "zone \"a/#\" cannot be a topic level (expected no / + # and not empty)");
    }

    @Test
    void contractOutputIsTheEventAndItsRetainedState() {
        List<OutboxMessage.Draft> out = new ArrayList<>();
        byte[] json = new EventJson().write(camera);
        new ContractOutput(topics).messages(camera, json, out);
        assertThat(out).extracting(OutboxMessage.Draft::topic).containsExactly(
                "acme/camgate/lab-1/camera/entrance/motion", "acme/camgate/lab-1/camera/entrance/state/motion");
        assertThat(out).extracting(OutboxMessage.Draft::retained).containsExactly(false, true);
    }

    @Test
    void commands() {
        EventBus bus = new EventBus();
        List<Event> seen = new ArrayList<>();
        bus.subscribe(seen::add);
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        CommandHandler h = new CommandHandler(topics, "lab-1", Set.of("entrance"), Set.of("ops"), bus, clock,
                new SimpleMeterRegistry());
        String t = "acme/camgate/lab-1/camera/entrance/command";
        Event open = h.handle(t, "{\"command\":\"open\",\"by\":\"ops\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(open.source()).isEqualTo(EventSource.camera("entrance"));
        assertThat(open.event()).isEqualTo("manual");
        assertThat(open.state()).isEqualTo(EventState.START);
        assertThat(h.handle(t, "{\"command\":\"close\",\"by\":\"ops\"}".getBytes(StandardCharsets.UTF_8)).state())
                .isEqualTo(EventState.END);
        assertThat(seen).hasSize(2);
        for (String bad : List.of("{\"command\":\"open\"}", "{\"command\":\"open\",\"by\":\"eve\"}",
                "{\"command\":\"OPEN\",\"by\":\"ops\"}", "{\"command\":\"open\",\"by\":\"ops\",\"x\":1}", "[]", "{",
                "x".repeat(2000))) {
            assertThat(h.handle(t, bad.getBytes(StandardCharsets.UTF_8))).as(bad).isNull();
        }
        assertThat(h.handle("acme/camgate/lab-1/camera/garage/command",
                "{\"command\":\"open\",\"by\":\"ops\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(seen).hasSize(2);
    }
}
