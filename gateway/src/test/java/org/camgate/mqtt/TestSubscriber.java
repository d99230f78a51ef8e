package org.camgate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A real Paho MQTT 5 subscriber for tests: records every message it receives. */
final class TestSubscriber implements AutoCloseable {
    record Received(String topic, byte[] payload, boolean retained) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    final java.util.Queue<Received> messages = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Event ids seen on event topics (not state topics). */
    final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    final Map<String, Received> last = new ConcurrentHashMap<>();
    private final MqttAsyncClient client;
    private final String filter;
    /** False: only count event ids (benchmarks), do not keep every message. */
    volatile boolean keepMessages = true;

    /**
     * A persistent session ({@code cleanStart false}) that reconnects by itself, subscribed to {@code filter} (none
     * when null).
     *
     * @param socketFactory for TLS, or to connect from a chosen local address; null for the default
     */
    TestSubscriber(String uri, String clientId, String filter, String user, String password, SocketFactory socketFactory)
            throws MqttException {
        this.filter = filter;
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                if (keepMessages) {
                    Received r = new Received(topic, m.getPayload(), m.isRetained());
                    messages.add(r);
                    last.put(topic, r);
                }
                if (!topic.contains("/state/") && !topic.endsWith("/status") && !topic.contains("/command")) {
                    String text = new String(m.getPayload(), StandardCharsets.UTF_8);
                    if (text.startsWith("{\"id\":\"")) { // the contract puts id first: no need to parse it all
                        eventIds.add(text.substring(7, text.indexOf('"', 7)));
                        return;
                    }
                    try {
                        JsonNode id = MAPPER.readTree(m.getPayload()).get("id");
                        if (id != null) {
                            eventIds.add(id.asText());
                        }
                    } catch (IOException ignored) {
                        // not an event
                    }
                }
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
                if (reconnect && TestSubscriber.this.filter != null) {
                    try {
                        client.subscribe(new MqttSubscription(TestSubscriber.this.filter, 1));
                    } catch (MqttException ignored) {
                        // the next reconnect tries again
                    }
                }
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 1);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (socketFactory != null) {
            o.setSocketFactory(socketFactory);
        }
        client.connect(o).waitForCompletion(10_000);
        if (filter != null) {
            client.subscribe(new MqttSubscription(filter, 1)).waitForCompletion(10_000);
        }
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** Publishes (QoS 1) and returns the PUBACK reason code. */
    int publish(String topic, String payload) throws MqttException {
        IMqttToken t;
        try {
            t = client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            t.waitForCompletion(10_000);
        } catch (MqttException e) {
            return e.getReasonCode();
        }
        int[] codes = t.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    List<Received> on(String topic) {
        return messages.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect(0).waitForCompletion(5_000);
        } catch (MqttException e) {
            // already gone
        }
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            // already gone
        }
        client.close(true);
    }
}
