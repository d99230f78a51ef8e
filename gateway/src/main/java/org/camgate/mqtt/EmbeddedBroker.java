package org.camgate.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.camgate.common.net.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT 5 broker (HiveMQ Community Edition, in this process), so the gateway needs nothing installed.
 * Listens on one loopback-or-configured address, keeps no state on disk (in-memory persistence: the gateway's
 * outbox is what survives restarts), logs clients in through {@link BrokerAccess} and authorises every publish,
 * subscription and delivery through {@link BrokerAuthorizer}. Port 0 picks a free port ({@link #address()} tells
 * which).
 *
 * <p>Bounds, all in memory: per client at most {@value #MAX_QUEUED_MESSAGES} queued messages (logged-in users; 1,000
 * for anonymous clients; beyond, the oldest are dropped), {@value #RECEIVE_MAXIMUM} QoS 1/2 messages in flight from
 * it and {@value BrokerAccess#MAX_INFLIGHT_TO_CLIENT} towards it; packets of at most {@value #MAX_PACKET_BYTES} bytes;
 * sessions kept at most {@value #MAX_SESSION_EXPIRY_SECONDS} s after their client left; a connection that sends no
 * CONNECT within {@value #CONNECT_TIMEOUT_MILLIS} ms is closed; client ids of at most
 * {@value #MAX_CLIENT_ID_LENGTH} and topics of at most {@value #MAX_TOPIC_LENGTH} characters. The broker's UTF-8
 * validation is on; client text that still reaches the gateway (an MQTT 3.1.1 user name may hold a newline) is
 * escaped in every log line.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    /**
     * Messages queued per client (a logged-in user's; anonymous clients get {@link BrokerAccess#ANONYMOUS_QUEUE}): room
     * for a burst of alarms at a slow subscriber, bounded because the queues are in memory. Beyond, the oldest go.
     */
    static final long MAX_QUEUED_MESSAGES = BrokerAccess.USER_QUEUE;
    /** QoS 1/2 messages a client may have in flight towards the broker (HiveMQ's default, 10, slows the gateway). */
    static final int RECEIVE_MAXIMUM = 100;
    /** Largest MQTT packet accepted: events, discovery configurations and commands are a few KB at most. */
    static final int MAX_PACKET_BYTES = 256 * 1024;
    /** Longest a session (subscriptions, queued messages) outlives its client: 7 days. */
    static final long MAX_SESSION_EXPIRY_SECONDS = 7L * 24 * 3600;
    /** A connection must send CONNECT within this. */
    static final long CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int MAX_CLIENT_ID_LENGTH = 128;
    static final int MAX_TOPIC_LENGTH = 1024;
    private static final long START_TIMEOUT_SECONDS = 60;

    private final HostPort listen;
    private final BrokerAccess access;
    private final BrokerAuthorizer authorizer;
    private EmbeddedHiveMQ hivemq;
    private Path work;
    private InetSocketAddress address;

    EmbeddedBroker(HostPort listen, BrokerAccess access, BrokerAuthorizer authorizer) {
        this.listen = listen;
        this.access = access;
        this.authorizer = authorizer;
    }

    /** Starts listening; fails with the address named when it cannot be bound. */
    public void start() {
        CompletableFuture<Void> started = startAsync();
        try {
            started.get(START_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("the embedded MQTT broker did not start within "
                    + START_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the embedded MQTT broker", e);
        }
    }

    /**
     * Picks the address (failing at once, naming it, when it cannot be bound: then {@link #address()} and
     * {@link #uri()} are known) and starts the broker in the background, on HiveMQ's own thread; the future
     * completes when it listens, or with an {@link IllegalStateException} naming the address when it cannot. Call
     * {@link #close} after a failure.
     */
    public synchronized CompletableFuture<Void> startAsync() {
        if (hivemq != null) {
            return CompletableFuture.completedFuture(null);
        }
        InetSocketAddress bind = reserve();
        CompletableFuture<Void> running;
        try {
            work = Files.createTempDirectory("camgate-mqtt-broker");
            Path conf = Files.createDirectories(work.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
                      </listeners>
                      <mqtt>
                        <queued-messages>
                          <max-queue-size>%d</max-queue-size><strategy>discard-oldest</strategy>
                        </queued-messages>
                        <receive-maximum><server-receive-maximum>%d</server-receive-maximum></receive-maximum>
                        <packets><max-packet-size>%d</max-packet-size></packets>
                        <session-expiry><max-interval>%d</max-interval></session-expiry>
                      </mqtt>
                      <restrictions>
                        <max-client-id-length>%d</max-client-id-length>
                        <max-topic-length>%d</max-topic-length>
                        <no-connect-idle-timeout>%d</no-connect-idle-timeout>
                      </restrictions>
                      <security>
                        <utf8-validation><enabled>true</enabled></utf8-validation>
                      </security>
                      <persistence><mode>in-memory</mode></persistence>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(bind.getPort(), bind.getAddress().getHostAddress(), MAX_QUEUED_MESSAGES,
                            RECEIVE_MAXIMUM, MAX_PACKET_BYTES, MAX_SESSION_EXPIRY_SECONDS, MAX_CLIENT_ID_LENGTH,
                            MAX_TOPIC_LENGTH, CONNECT_TIMEOUT_MILLIS));
            copyLogging(conf);
            EmbeddedExtension extension = EmbeddedExtension.builder().withId("camgate-access").withName("camgate access")
                    .withVersion("1").withAuthor("camgate").withPriority(1000).withStartPriority(1000)
                    .withExtensionMain(new AccessExtension()).build();
            hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(work.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(work.resolve("extensions")))
                    .withEmbeddedExtension(extension).build();
            running = hivemq.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the embedded MQTT broker on " + HostPort.format(bind) + ": "
                    + e.getMessage(), e);
        }
        return running.orTimeout(START_TIMEOUT_SECONDS, TimeUnit.SECONDS).handle((ok, failed) -> {
            if (failed != null) {
                Throwable cause = failed instanceof CompletionException && failed.getCause() != null
                        ? failed.getCause() : failed;
                throw new CompletionException(new IllegalStateException("cannot start the embedded MQTT broker on "
                        + HostPort.format(bind) + ": " + cause, cause));
            }
            // HiveMQ logs and carries on when a listener cannot bind: check it is really there.
            if (isFree(bind)) {
                throw new CompletionException(new IllegalStateException(
                        "the embedded MQTT broker is not listening on " + HostPort.format(bind)));
            }
            log.info("embedded MQTT broker listening on tcp://{}", HostPort.format(bind));
            return null;
        });
    }

    /**
     * Picks the address to listen on (a free port for port 0), so {@link #address()} and {@link #uri()} are known
     * before the broker starts; fails, naming the address, when it cannot be bound. Idempotent.
     */
    public synchronized InetSocketAddress reserve() {
        if (address == null) {
            address = pickAddress();
        }
        return address;
    }

    private InetSocketAddress pickAddress() {
        InetAddress host;
        try {
            host = InetAddress.getByName(listen.host());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, listen.port()));
            return new InetSocketAddress(host, probe.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + listen + " (mqtt.embedded.listen): " + e.getMessage(), e);
        }
    }

    private static boolean isFree(InetSocketAddress a) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(a);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** HiveMQ replaces the logging set-up unless given one: give it the gateway's. */
    private static void copyLogging(Path conf) throws IOException {
        for (String name : new String[] {"logback-test.xml", "logback.xml"}) {
            try (InputStream in = EmbeddedBroker.class.getClassLoader().getResourceAsStream(name)) {
                if (in != null) {
                    Files.copy(in, conf.resolve("logback.xml"), StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
    }

    /** The address it listens on (known once {@link #reserve} or {@link #startAsync} has returned). */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code tcp://host:port} for clients on this host (the loopback address when listening on all addresses). */
    public String uri() {
        return "tcp://" + HostPort.format(new InetSocketAddress(clientAddress(), address.getPort()));
    }

    /** The address a client on this host connects to (and the gateway's own client connects from). */
    InetAddress clientAddress() {
        InetAddress bound = address.getAddress();
        if (!bound.isAnyLocalAddress()) {
            return bound;
        }
        byte[] loopback = bound instanceof Inet6Address ? new byte[16] : new byte[] {127, 0, 0, 0};
        loopback[loopback.length - 1] = 1;
        try {
            return InetAddress.getByAddress(loopback);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }


    @Override
    public synchronized void close() {
        if (hivemq != null) {
            try {
                hivemq.stop().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("embedded MQTT broker did not stop cleanly: {}", e.toString());
            }
            try {
                hivemq.close();
            } catch (Exception e) {
                log.debug("embedded MQTT broker close: {}", e.toString());
            }
            hivemq = null;
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                log.debug("cannot delete {}: {}", work, e.toString());
            }
            work = null;
        }
    }

    private final class AccessExtension implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> access);
            Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
            Services.initializerRegistry().setClientInitializer((initializerInput, client) ->
                    client.addPublishOutboundInterceptor(authorizer));
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }
}
