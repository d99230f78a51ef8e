package org.camgate.rtsp;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A camera that offers only Basic authentication over plain rtsp:// gets no password from the gateway unless the
 * camera's configuration says {@code allowBasic: true}; the session fails with a clear reason and the camera's
 * reconnect backoff applies.
 */
@ExtendWith(NettyLeakCheck.class)
class CameraBasicAuthIT {
    private static final String CAMERA_PASSWORD = "cam-pa55";

    @TempDir
    Path dir;

    private BasicOnlyCamera camera;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() throws IOException {
        camera = new BasicOnlyCamera();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() throws IOException {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        camera.close();
    }

    private String yaml(String extraCameraKeys) {
        String cameras = """
                  - id: entrance
                    purpose: Prevent theft at the main entrance
                    source: rtsp://admin:%s@127.0.0.1:%d/stream1
                %s  - id: lobby
                    purpose: Safety in the lobby
                    source: ${CAMERA}/cam1
                """.formatted(CAMERA_PASSWORD, camera.port(), extraCameraKeys);
        return GatewayFixture.yaml(cameras, "").replace("  reconnectMax: 1s\n", "  reconnectMax: 1s\n  upstreamTimeout: 2s\n");
    }

    @Test
    void noPasswordIsSentToABasicOnlyCameraByDefault() throws Exception {
        // On demand: the attempts counted below are the ones the reader's DESCRIBE caused (2 s upstreamTimeout).
        try (GatewayFixture fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1")),
                yaml("    onDemand: true\n"));
             RtspTestClient reader = new RtspTestClient(fixture.rtsp(), "nvr", "secret")) {
            assertThat(reader.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(503);
            await().untilAsserted(() -> assertThat(camera.connections()).hasSizeGreaterThanOrEqualTo(2));
        }
        assertThat(camera.requests()).isNotEmpty();
        assertThat(camera.authorizations()).as("Authorization headers the camera received").isEmpty();
        List<Long> connections = camera.connections();
        for (int i = 1; i < connections.size(); i++) {
            assertThat(connections.get(i) - connections.get(i - 1)).as("reconnect backoff (reconnectMin 200ms)")
                    .isGreaterThanOrEqualTo(150);
        }
        assertThat(connections.size()).as("a 2 s wait with 200 ms doubling backoff").isLessThanOrEqualTo(6);
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("camera entrance: camera offers only Basic authentication over plain rtsp://, which would"
                        + " send its password in cleartext; set allowBasic: true on this camera to allow it"));
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(CAMERA_PASSWORD));
    }

    @Test
    void withAllowBasicTheCameraGetsBasicCredentials() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1")),
                yaml("    allowBasic: true\n"));
             RtspTestClient reader = new RtspTestClient(fixture.rtsp(), "nvr", "secret")) {
            // The fake camera refuses every password: the reader still ends with 503, but the camera was asked.
            assertThat(reader.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(503);
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString(("admin:" + CAMERA_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(camera.authorizations()).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo(expected));
        assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("allowBasic"));
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("camera refused the configured credentials"));
    }

    /**
     * A tiny RTSP "camera" on loopback: answers every request with 401 and only a Basic challenge, and records the
     * requests, their Authorization headers and when each connection came.
     */
    private static final class BasicOnlyCamera implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> connections = Collections.synchronizedList(new ArrayList<>());
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        BasicOnlyCamera() throws IOException {
            acceptor = new Thread(this::accept, "basic-only-camera");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        List<String> authorizations() {
            return List.copyOf(authorizations);
        }

        List<Long> connections() {
            return List.copyOf(connections);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.add(System.nanoTime() / 1_000_000);
                    sockets.add(socket);
                    Thread t = new Thread(() -> serve(socket), "basic-only-camera-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket;
                 BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                         StandardCharsets.ISO_8859_1))) {
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String requestLine = in.readLine();
                    if (requestLine == null) {
                        return;
                    }
                    if (requestLine.isEmpty()) {
                        continue;
                    }
                    requests.add(requestLine);
                    String cseq = "0";
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        int colon = line.indexOf(':');
                        if (colon < 0) {
                            continue;
                        }
                        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                        String value = line.substring(colon + 1).trim();
                        if (name.equals("cseq")) {
                            cseq = value;
                        } else if (name.equals("authorization")) {
                            authorizations.add(value);
                        }
                    }
                    out.write(("RTSP/1.0 401 Unauthorized\r\nCSeq: " + cseq
                            + "\r\nWWW-Authenticate: Basic realm=\"fake camera\"\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException ignored) {
                // the gateway closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
