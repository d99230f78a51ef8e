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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Reserves the broker's address, then starts the publisher (its outbox takes events from then on) while the broker
 * comes up in the background (HiveMQ takes seconds); the publisher connects once the broker listens. Stops the
 * publisher first, then the broker. The embedded broker asks the gateway's
 * access policy about every connection and command, counts failed logins in the shared login throttle and writes
 * refusals to the audit log; the gateway's own client logs in with a random password made here, which is never
 * logged or written anywhere.
 */
public final class MqttService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttService.class);
    private static final long BROKER_START_TIMEOUT_SECONDS = 70;

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
    private CompletableFuture<Void> ready;
    private String ownClientId;
    private byte[] ownPassword;

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

    /** Starts everything and returns once the embedded broker (when configured) listens. */
    public void start() {
        begin();
        awaitReady();
    }

    /**
     * Starts what is quick and returns: the outbox is open and takes events from the bus from now on; the embedded
     * broker (when configured) comes up in the background, and the publisher connects once it listens. Follow with
     * {@link #awaitReady}. Fails at once when the embedded broker's address cannot be bound.
     */
    public synchronized void begin() {
        if (publisher != null) {
            return;
        }
        MqttConfig m = config.mqtt();
        Topics topics = new Topics(m.topicPrefix(), config.site());
        try {
            BrokerEndpoint connection;
            CompletableFuture<Void> brokerReady;
            if (m.isEmbedded()) {
                brokerReady = broker(m, topics);
                connection = endpoint(m);
            } else {
                brokerReady = CompletableFuture.completedFuture(null);
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
                publisher.start(brokerReady);
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the MQTT outbox " + o.dir() + ": " + e.getMessage(), e);
            }
            unsubscribe = bus.subscribe(publisher);
            ready = brokerReady;
            log.info("MQTT: publishing events to {} under {}/{}", connection.serverUri(), m.topicPrefix(), config.site());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits until the embedded broker listens (at once without one); when it cannot, closes everything and throws an
     * {@link IllegalStateException} naming the address.
     */
    public void awaitReady() {
        CompletableFuture<Void> r;
        synchronized (this) {
            r = ready;
        }
        if (r == null) {
            return;
        }
        try {
            r.get(BROKER_START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof IllegalStateException s ? s : new IllegalStateException(
                    "cannot start the embedded MQTT broker: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("the embedded MQTT broker did not start within "
                    + BROKER_START_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the embedded MQTT broker", e);
        }
    }

    /**
     * Reserves the embedded broker's address and starts it in the background (the future completes when it
     * listens), after checking that the access policy lets the gateway's own client in from where it connects.
     */
    private CompletableFuture<Void> broker(MqttConfig m, Topics topics) {
        SecureRandom random = new SecureRandom();
        ownClientId = m.clientId() != null ? m.clientId() : "camgate-" + config.site() + "-" + hex(random, 8);
        ownPassword = hex(random, 24).getBytes(StandardCharsets.US_ASCII);
        BrokerRules rules = new BrokerRules(topics, m.topicPrefix(), m.homeAssistant().discoveryPrefix(),
                Set.copyOf(m.commandIdentities()), m.embeddedAnonymousRead());
        broker = new EmbeddedBroker(m.embeddedListen(),
                new BrokerAccess(m.embeddedUsers(), ownPassword, ownClientId, policy, throttle, audit, clock),
                new BrokerAuthorizer(rules, policy, audit, clock));
        broker.reserve();
        InetAddress own = broker.clientAddress();
        if (!policy.evaluate(AccessRequest.connect(Protocol.MQTT, new InetSocketAddress(own, 0))).allowed()) {
            throw new IllegalStateException("the gateway's own client connects to its embedded MQTT broker from "
                    + own.getHostAddress() + ", which access.allow/access.deny refuse; allow that address");
        }
        return broker.startAsync();
    }

    /**
     * How the gateway's client reaches the embedded broker: from the broker's own address (so the access policy,
     * which must allow that address, sees where it comes from), with a random client id unless one is configured
     * (only the gateway's login may use it either way) and a random password.
     */
    private BrokerEndpoint endpoint(MqttConfig m) {
        return new BrokerEndpoint(broker.uri(), ownClientId, BrokerAccess.GATEWAY_USER, ownPassword,
                new LocalAddressSocketFactory(broker.clientAddress()), m.qos(), m.reconnectMin(), m.reconnectMax());
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
        ready = null;
    }
}
