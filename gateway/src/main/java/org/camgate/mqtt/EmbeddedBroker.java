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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.camgate.config.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT 5 broker (HiveMQ Community Edition, in this process), so the gateway needs nothing installed.
 * Listens on one loopback-or-configured address, keeps no state on disk (in-memory persistence: the gateway's
 * outbox is what survives restarts), and authenticates and authorises clients through {@link BrokerAccess}.
 * Port 0 picks a free port ({@link #address()} tells which).
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Per-client queue of the embedded broker: large, so a slow subscriber does not lose a burst of alarms. */
    static final int MAX_QUEUED_MESSAGES = 1_000_000;
    /** QoS 1/2 messages a client may have in flight towards the broker (HiveMQ's default, 10, slows the gateway). */
    static final int RECEIVE_MAXIMUM = 100;

    private final HostPort listen;
    private final BrokerAccess access;
    private EmbeddedHiveMQ hivemq;
    private Path work;
    private InetSocketAddress address;

    EmbeddedBroker(HostPort listen, BrokerAccess access) {
        this.listen = listen;
        this.access = access;
    }

    /** Starts listening; fails with the address named when it cannot be bound. */
    public synchronized void start() {
        if (hivemq != null) {
            return;
        }
        InetSocketAddress bind = pickAddress();
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
                        <queued-messages><max-queue-size>%d</max-queue-size></queued-messages>
                        <receive-maximum><server-receive-maximum>%d</server-receive-maximum></receive-maximum>
                      </mqtt>
                      <persistence><mode>in-memory</mode></persistence>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(bind.getPort(), bind.getAddress().getHostAddress(), MAX_QUEUED_MESSAGES,
                            RECEIVE_MAXIMUM));
            copyLogging(conf);
            EmbeddedExtension extension = EmbeddedExtension.builder().withId("camgate-access").withName("camgate access")
                    .withVersion("1").withAuthor("camgate").withPriority(1000).withStartPriority(1000)
                    .withExtensionMain(new AccessExtension()).build();
            hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(work.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(work.resolve("extensions")))
                    .withEmbeddedExtension(extension).build();
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the embedded MQTT broker on " + hostPort(bind) + ": "
                    + e.getMessage(), e);
        }
        // HiveMQ logs and carries on when a listener cannot bind: check it is really there.
        if (isFree(bind)) {
            close();
            throw new IllegalStateException("the embedded MQTT broker is not listening on " + hostPort(bind));
        }
        address = bind;
        log.info("embedded MQTT broker listening on tcp://{}", hostPort(bind));
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

    /** The bound address (after {@link #start}). */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code tcp://host:port} for clients. */
    public String uri() {
        return "tcp://" + hostPort(address);
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
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
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }
}
