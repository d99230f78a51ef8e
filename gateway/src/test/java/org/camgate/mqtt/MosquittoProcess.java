package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (Debian package {@code mosquitto}; CI installs it) on a free loopback port, which tests
 * may kill with SIGKILL and start again on the same port with the same configuration.
 */
final class MosquittoProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private final Path conf;
    private final Path log;
    final int port;
    private Process process;

    /** {@code listenerExtra}: lines after the listener line (TLS); {@code extra}: general options. */
    MosquittoProcess(Path dir, String listenerExtra, String extra) throws IOException {
        this(dir, listenerExtra, extra, true);
    }

    /** {@code persistent}: save sessions and queues to disk every second (survives a SIGKILL, mostly). */
    MosquittoProcess(Path dir, String listenerExtra, String extra, boolean persistent) throws IOException {
        this(dir, listenerExtra, extra, persistent, 0);
    }

    /** {@code maxInflight}: Mosquitto's max_inflight_messages, also its MQTT 5 receive maximum (0: no limit). */
    MosquittoProcess(Path dir, String listenerExtra, String extra, boolean persistent, int maxInflight)
            throws IOException {
        assertThat(BINARY).as("Mosquitto is required (apt-get install -y mosquitto; .ci/run installs it)").exists();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("mosquitto-data"));
        conf = dir.resolve("mosquitto.conf");
        log = dir.resolve("mosquitto.log");
        Files.writeString(conf, """
                per_listener_settings false
                persistence %s
                persistence_location %s/
                autosave_interval 1
                max_queued_messages 1000000
                max_inflight_messages %d
                log_dest stderr
                user %s
                listener %d 127.0.0.1
                %s
                %s
                """.formatted(persistent, data, maxInflight, System.getProperty("user.name"), port, listenerExtra, extra));
    }

    String uri(String scheme) {
        return scheme + "://127.0.0.1:" + port;
    }

    MosquittoProcess start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on " + port + ": " + Files.readString(log));
    }

    /** SIGKILL: no clean shutdown, no final save. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
