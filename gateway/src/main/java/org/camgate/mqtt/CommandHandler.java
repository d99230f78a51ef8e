package org.camgate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.camgate.access.LogSafe;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound command topic {@code {prefix}/{site}/camera/{id}/command}. A command is one JSON object:
 * <pre>{"command": "open" | "close", "by": "&lt;MQTT identity&gt;"}</pre>
 * {@code open} publishes the event camera/{id}/manual {@code start} on the bus (gates configured with the
 * {@code manual} trigger open), {@code close} publishes {@code end}. {@code by} must be one of the configured
 * command identities; who may publish on the topic at all is the broker's job (the embedded broker allows only those
 * identities; an external broker's ACL must do the same). Anything else (unknown camera, bad JSON, unknown command
 * or key, an identity not configured, more than 1 KB) is logged, counted
 * ({@code camgate_mqtt_commands_total{result="rejected"}}) and dropped.
 */
final class CommandHandler implements IMqttMessageListener {
    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
    static final int MAX_BYTES = 1024;

    private final Topics topics;
    private final String site;
    private final Set<String> cameras;
    private final Set<String> identities;
    private final EventBus bus;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Counter accepted;
    private final Counter rejected;

    CommandHandler(Topics topics, String site, Set<String> cameras, Set<String> identities, EventBus bus, Clock clock,
                   MeterRegistry metrics) {
        this.topics = topics;
        this.site = site;
        this.cameras = Set.copyOf(cameras);
        this.identities = Set.copyOf(identities);
        this.bus = bus;
        this.clock = clock;
        accepted = Counter.builder("camgate.mqtt.commands").tag("result", "accepted").register(metrics);
        rejected = Counter.builder("camgate.mqtt.commands").tag("result", "rejected").register(metrics);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        handle(topic, message.getPayload());
    }

    /** Returns the event published, or null when the command was dropped. */
    Event handle(String topic, byte[] payload) {
        String camera = topics.commandCamera(topic);
        if (camera == null || !cameras.contains(camera)) {
            return reject(topic, "unknown camera");
        }
        if (payload.length > MAX_BYTES) {
            return reject(topic, "payload of " + payload.length + " bytes (expected: <= " + MAX_BYTES + ")");
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (IOException e) {
            return reject(topic, "not JSON");
        }
        if (root == null || !root.isObject()) {
            return reject(topic, "not a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("command") && !name.equals("by")) {
                return reject(topic, "unknown key \"" + LogSafe.text(name) + "\" (expected: command, by)");
            }
        }
        JsonNode by = root.get("by");
        if (by == null || !by.isTextual() || !identities.contains(by.asText())) {
            return reject(topic, "\"by\" is not a configured command identity");
        }
        JsonNode command = root.get("command");
        EventState state;
        if (command != null && command.isTextual() && command.asText().equals("open")) {
            state = EventState.START;
        } else if (command != null && command.isTextual() && command.asText().equals("close")) {
            state = EventState.END;
        } else {
            return reject(topic, "unknown command (expected: \"open\" or \"close\")");
        }
        Event event = Event.of(clock.instant(), site, EventSource.camera(camera), "manual", state, null,
                Map.of("command", command.asText(), "via", "mqtt"));
        accepted.increment();
        log.info("MQTT command {} for camera {} by {}", command.asText(), camera, LogSafe.text(by.asText()));
        bus.publish(event);
        return event;
    }

    private Event reject(String topic, String why) {
        rejected.increment();
        log.warn("MQTT command on {} dropped: {}", LogSafe.text(topic), why);
        return null;
    }
}
