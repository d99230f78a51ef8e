package org.camgate.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.camgate.config.CameraConfig;
import org.camgate.config.GatewayConfig;
import org.camgate.config.MqttConfig;
import org.camgate.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT for one gateway: the embedded broker (when configured) and the publisher listening on the event bus.
 * Starts the broker first, then the publisher; stops in the reverse order.
 */
public final class MqttService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttService.class);

    private final GatewayConfig config;
    private final EventBus bus;
    private final MeterRegistry metrics;
    private final Clock clock;
    private EmbeddedBroker broker;
    private MqttPublisher publisher;
    private Runnable unsubscribe;

    public MqttService(GatewayConfig config, EventBus bus, MeterRegistry metrics, Clock clock) {
        this.config = config;
        this.bus = bus;
        this.metrics = metrics;
        this.clock = clock;
    }

    public synchronized void start() {
        if (publisher != null) {
            return;
        }
        MqttConfig m = config.mqtt();
        Topics topics = new Topics(m.topicPrefix(), config.site());
        try {
            BrokerEndpoint connection;
            String clientId = m.clientId() != null ? m.clientId() : "camgate-" + config.site();
            if (m.isEmbedded()) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                byte[] password = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
                broker = new EmbeddedBroker(m.embeddedListen(), new BrokerAccess(m.embeddedUsers(),
                        m.commandIdentities(), password, topics, m.topicPrefix(), config.site()));
                broker.start();
                connection = new BrokerEndpoint(broker.uri(), clientId, BrokerAccess.GATEWAY_USER, password,
                        null, m.qos(), m.reconnectMin(), m.reconnectMax());
            } else {
                connection = new BrokerEndpoint(m.broker(), clientId, m.username(),
                        m.password() == null ? null : m.password().getBytes(StandardCharsets.UTF_8),
                        m.broker().startsWith("ssl://") ? TlsTrust.socketFactory(m.caCertificate()) : null,
                        m.qos(), m.reconnectMin(), m.reconnectMax());
            }
            CommandHandler commands = null;
            if (!m.commandIdentities().isEmpty()) {
                Set<String> cameras = new HashSet<>();
                for (CameraConfig c : config.cameras()) {
                    cameras.add(c.id());
                }
                commands = new CommandHandler(topics, config.site(), cameras, new HashSet<>(m.commandIdentities()),
                        bus, clock, metrics);
            }
            List<MessageOutput> outputs = new ArrayList<>();
            outputs.add(new ContractOutput(topics));
            if (m.homeAssistant().enabled()) {
                outputs.add(new HomeAssistantOutput(m.homeAssistant().discoveryPrefix(), config.site(), topics));
            }
            if (m.profileM()) {
                outputs.add(new ProfileMOutput(m.topicPrefix()));
            }
            MqttConfig.Outbox o = m.outbox();
            publisher = new MqttPublisher(connection, topics, new OutboxSettings(o.dir(), o.maxBytes(), o.maxMessages(),
                    o.retention(), o.fsyncInterval()), outputs, commands, metrics, clock);
            try {
                publisher.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the MQTT outbox " + o.dir() + ": " + e.getMessage(), e);
            }
            unsubscribe = bus.subscribe(publisher);
            log.info("MQTT: publishing events to {} under {}/{}", connection.serverUri(), m.topicPrefix(), config.site());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The embedded broker's {@code tcp://} address, or null when an external broker is used. */
    public String embeddedUri() {
        return broker == null ? null : broker.uri();
    }

    public MqttPublisher publisher() {
        return publisher;
    }

    @Override
    public synchronized void close() {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
