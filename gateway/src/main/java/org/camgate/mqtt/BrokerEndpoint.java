package org.camgate.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * How the gateway reaches its broker.
 *
 * @param serverUri      {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId       the client id
 * @param username       login, or null
 * @param password       with the login; never logged
 * @param socketFactory  for {@code ssl://} (trusting the configured CA); for the embedded broker, binding the
 *                       gateway's own address; or null for the default
 * @param qos            1 or 2
 * @param reconnectMin   first wait before reconnecting
 * @param reconnectMax   longest wait
 */
public record BrokerEndpoint(String serverUri, String clientId, String username, byte[] password,
                             SocketFactory socketFactory, int qos, Duration reconnectMin, Duration reconnectMax) {
    public BrokerEndpoint {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
    }

    /**
     * Paho's options for one connection attempt: a clean start (the outbox, not the broker's session, keeps what
     * is unacknowledged; subscriptions are made again), no automatic reconnect (the publisher does it, including
     * after a failed first attempt), the retained {@code offline} will on {@code statusTopic}, and for TLS the
     * broker's host name or address checked against its certificate.
     */
    MqttConnectionOptions options(String statusTopic) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout((int) Math.max(1, Math.min(30, reconnectMax.toSeconds())));
        if (username != null) {
            o.setUserName(username);
            o.setPassword(password);
        }
        if (socketFactory != null) {
            o.setSocketFactory(socketFactory);
            o.setHttpsHostnameVerificationEnabled(serverUri.startsWith("ssl://"));
        }
        o.setWill(statusTopic, new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null));
        return o;
    }

    @Override
    public String toString() {
        return "BrokerEndpoint[" + serverUri + ", clientId=" + clientId + ", username=" + username + "]";
    }
}
