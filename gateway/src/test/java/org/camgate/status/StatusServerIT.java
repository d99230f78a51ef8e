package org.camgate.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakCheck.class)
class StatusServerIT {
    @TempDir
    static Path dir;
    private static Gateway gateway;
    private static String base;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        gateway = new Gateway(ConfigLoader.parse("""
                site: lab
                rtsp: { listen: 127.0.0.1:0, udp: { enabled: false } }
                status: { listen: 127.0.0.1:0 }
                onvif: { listen: 127.0.0.1:0 }
                audit:
                  file: ${DIR}/audit.log
                mqtt:
                  broker: tcp://127.0.0.1:1
                  outbox: { dir: "${DIR}/outbox" }
                cameras:
                  - id: door
                    purpose: Prevent theft at the door
                    source: rtsp://127.0.0.1:1/never-pulled
                """, "test.yaml", Map.of("DIR", dir.toString())));
        gateway.start();
        gateway.status().register("extra", () -> Map.of("answer", 42));
        base = "http://127.0.0.1:" + gateway.statusAddress().orElseThrow().getPort();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusListsCamerasAndRegisteredSections() throws Exception {
        HttpResponse<String> response = get("/status");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).contains("\"id\" : \"door\"").contains("\"purpose\" : \"Prevent theft at the door\"")
                .contains("\"answer\" : 42");
    }

    @Test
    void metricsAreInPrometheusTextForm() throws Exception {
        gateway.metrics().counter("camgate_test_probe").increment();
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("camgate_test_probe_total 1.0");
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/status"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    /** This gateway's broker address has nobody listening: MQTT is down, and so is the gateway's health. */
    @Test
    void healthIsServiceUnavailableWhileAComponentIsDown() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(health.body()).contains("\"status\" : \"down\"");
        JsonNode components = new ObjectMapper().readTree(health.body()).get("components");
        assertThat(components.get("mqtt").get("status").asText()).isEqualTo("down");
        assertThat(components.get("mqtt").get("connected").asBoolean()).isFalse();
        assertThat(components.get("rtsp").get("status").asText()).isEqualTo("up");
        assertThat(components.get("onvif").get("status").asText()).isEqualTo("up");
        assertThat(components.get("sensors").get("status").asText()).isEqualTo("up");
        assertThat(components.get("cameras").get("status").asText()).as("its camera's address refuses").isEqualTo("degraded");
        gateway.status().registerHealth("probe", () -> ComponentHealth.up(Map.of()));
        assertThat(get("/health").body()).contains("\"probe\"");
    }

    @Test
    void hostileRequestsGetAnErrorNotACrash() throws Exception {
        int port = gateway.statusAddress().orElseThrow().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 4");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("POST /status HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 4");
        }
        assertThat(get("/status").statusCode()).isEqualTo(200);
    }
}
