package org.camgate.mqtt;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.LoginThrottle;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditLog;
import org.camgate.config.CameraConfig;
import org.camgate.config.GatewayConfig;
import org.camgate.config.MqttConfig;
import org.camgate.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT for one gateway: the embedded broker (when configured) and the publisher listening on the event bus.
 * Starts the broker first, then the publisher; stops in the reverse order. The embedded broker asks the gateway's
 * access policy about every connection and command, counts failed logins in the shared login throttle and writes
 * refusals to the audit log; the gateway's own client logs in with a random password made here, which is never
 * logged or written anywhere.
 */
public final class MqttService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttService.class);

    private final GatewayConfig config;
    private final EventBus bus;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final AccessPolicy policy;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final OutboxFiles outboxFiles;
    private EmbeddedBroker broker;
    private MqttPublisher publisher;
    private String clientId;
    private Runnable unsubscribe;

    /**
     * @param policy   the gateway's access policy (the embedded broker's network and camera rules)
     * @param throttle the gateway's login throttle, shared with every other way in
     * @param audit    the gateway's audit log
     */
    public MqttService(GatewayConfig config, EventBus bus, MeterRegistry metrics, Clock clock, AccessPolicy policy,
                       LoginThrottle throttle, AuditLog audit) {
        this(config, bus, metrics, clock, policy, throttle, audit, OutboxFiles.DEFAULT);
    }

    /** As above, with the outbox opening its files through {@code outboxFiles} (tests slow the disk). */
    public MqttService(GatewayConfig config, EventBus bus, MeterRegistry metrics, Clock clock, AccessPolicy policy,
                       LoginThrottle throttle, AuditLog audit, OutboxFiles outboxFiles) {
        this.outboxFiles = requireNonNull(outboxFiles, "outboxFiles");
        this.config = requireNonNull(config, "config");
        this.bus = requireNonNull(bus, "bus");
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
        this.policy = requireNonNull(policy, "policy");
        this.throttle = requireNonNull(throttle, "throttle");
        this.audit = requireNonNull(audit, "audit");
    }

    public synchronized void start() {
        if (publisher != null) {
            return;
        }
        MqttConfig m = config.mqtt();
        Topics topics = new Topics(m.topicPrefix(), config.site());
        try {
            BrokerEndpoint connection;
            if (m.isEmbedded()) {
                connection = startBroker(m, topics);
            } else {
                String clientId = m.clientId() != null ? m.clientId() : "camgate-" + config.site();
                connection = new BrokerEndpoint(m.broker(), clientId, m.username(),
                        m.password() == null ? null : m.password().getBytes(StandardCharsets.UTF_8),
                        m.broker().startsWith("ssl://") ? TlsTrust.socketFactory(m.caCertificate()) : null,
                        m.qos(), m.reconnectMin(), m.reconnectMax());
            }
            clientId = connection.clientId();
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
                    o.retention(), o.fsyncInterval()), outboxFiles, OutboxWriter.DEFAULT_CAPACITY, outputs, commands,
                    metrics, clock);
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

    /**
     * Starts the embedded broker and returns how the gateway's client reaches it: from the broker's own address (so
     * the access policy, which must allow that address, sees where it comes from), with a random client id unless one
     * is configured (only the gateway's login may use it either way) and a random password.
     */
    private BrokerEndpoint startBroker(MqttConfig m, Topics topics) {
        SecureRandom random = new SecureRandom();
        String clientId = m.clientId() != null ? m.clientId() : "camgate-" + config.site() + "-" + hex(random, 8);
        byte[] password = hex(random, 24).getBytes(StandardCharsets.US_ASCII);
        BrokerRules rules = new BrokerRules(topics, m.topicPrefix(), m.homeAssistant().discoveryPrefix(),
                Set.copyOf(m.commandIdentities()), m.embeddedAnonymousRead());
        broker = new EmbeddedBroker(m.embeddedListen(),
                new BrokerAccess(m.embeddedUsers(), password, clientId, policy, throttle, audit, clock),
                new BrokerAuthorizer(rules, policy, audit, clock));
        broker.start();
        InetAddress own = broker.clientAddress();
        if (!policy.evaluate(AccessRequest.connect(Protocol.MQTT, new InetSocketAddress(own, 0))).allowed()) {
            throw new IllegalStateException("the gateway's own client connects to its embedded MQTT broker from "
                    + own.getHostAddress() + ", which access.allow/access.deny refuse; allow that address");
        }
        return new BrokerEndpoint(broker.uri(), clientId, BrokerAccess.GATEWAY_USER, password,
                new LocalAddressSocketFactory(own), m.qos(), m.reconnectMin(), m.reconnectMax());
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The embedded broker's {@code tcp://} address, or null when an external broker is used. */
    public String embeddedUri() {
        return broker == null ? null : broker.uri();
    }

    /** The gateway's MQTT client id (after {@link #start}). */
    String clientId() {
        return clientId;
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
