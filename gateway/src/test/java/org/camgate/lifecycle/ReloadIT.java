package org.camgate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.stream.CameraStream;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload with real readers (FFmpeg through JavaCV) playing through the gateway: a reload that adds camera b,
 * removes c and takes camera a from user guest keeps nvr's reader of a playing on the same camera session, ends the
 * readers of c and guest's reader of a, and makes b playable; an invalid file changes nothing and is reported.
 */
@ExtendWith(NettyLeakCheck.class)
class ReloadIT {
    /** FFmpeg's AVERROR_HTTP_FORBIDDEN: the gateway answered 403. */
    private static final int HTTP_FORBIDDEN = -('3' << 24 | '0' << 16 | '4' << 8 | 0xF8);
    /** FFmpeg's AVERROR_HTTP_NOT_FOUND: the gateway answered 404. */
    private static final int HTTP_NOT_FOUND = -('4' << 24 | '0' << 16 | '4' << 8 | 0xF8);
    private static final String BEFORE = """
            site: test
            rtsp:
              listen: 127.0.0.1:0
              udp: { enabled: false }
              upstreamLinger: 1s
              reconnectMin: 200ms
              reconnectMax: 1s
            onvif: { listen: 127.0.0.1:0 }
            status: { listen: 127.0.0.1:0 }
            audit: { file: "${DIR}/audit.log" }
            mqtt:
              broker: tcp://127.0.0.1:1
              outbox: { dir: "${DIR}/outbox" }
            users:
              - { name: nvr, password: secret, cameras: ["*"] }
              - { name: guest, password: guest, cameras: [a] }
            cameras:
              - id: a
                purpose: Prevent theft at the entrance
                source: ${CAMERA}/cam-a
              - id: c
                purpose: Vehicle theft in the yard
                source: ${CAMERA}/cam-c
              - id: d
                purpose: Parking
                source: ${CAMERA}/cam-d
            """;
    private static final String AFTER = BEFORE
            .replace("cameras: [a]", "cameras: [b]")
            .replace("purpose: Parking", "purpose: Parking at night")
            .replace("""
                      - id: c
                        purpose: Vehicle theft in the yard
                        source: ${CAMERA}/cam-c
                    """, """
                      - id: b
                        purpose: Safety in the lobby
                        source: ${CAMERA}/cam-b
                    """);

    @TempDir
    Path dir;
    private SimCameraServer cameras;
    private Gateway gateway;
    private Path file;
    private Reloader reloader;
    private final List<Reader> readers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cameras = new SimCameraServer("127.0.0.1", 0, List.of(SimCameraConfig.of("cam-a"), SimCameraConfig.of("cam-b"),
                SimCameraConfig.of("cam-c"), SimCameraConfig.of("cam-d"))).start();
        Map<String, String> variables = Map.of("CAMERA", "rtsp://127.0.0.1:" + cameras.port(), "DIR", dir.toString());
        file = dir.resolve("camgate.yaml");
        Files.writeString(file, BEFORE);
        gateway = new Gateway(ConfigLoader.load(file, variables));
        gateway.start();
        reloader = gateway.reloader(file, variables);
    }

    @AfterEach
    void stop() throws Exception {
        for (Reader r : readers) {
            r.stop();
        }
        gateway.stop();
        cameras.stop();
    }

    private String url(String user, String password, String camera) {
        return "rtsp://" + user + ":" + password + "@127.0.0.1:" + gateway.rtspAddress().getPort() + "/" + camera;
    }

    private Reader play(String user, String password, String camera) throws Exception {
        Reader reader = new Reader(url(user, password, camera));
        readers.add(reader);
        reader.thread.start();
        reader.awaitImages(10);
        return reader;
    }

    @Test
    void aValidFileIsAppliedWhileReadersOfUnchangedCamerasPlayOn() throws Exception {
        Reader nvrA = play("nvr", "secret", "a");
        Reader guestA = play("guest", "guest", "a");
        Reader nvrC = play("nvr", "secret", "c");
        Reader nvrD = play("nvr", "secret", "d");
        CameraStream streamA = gateway.stream("a");
        CameraStream streamD = gateway.stream("d");
        int upstreamA = cameras.connectionCount("cam-a");
        Object mqtt = gateway.mqtt();
        Object sensors = gateway.sensors();

        Files.writeString(file, AFTER);
        long reloadNanos = System.nanoTime();
        ReloadStatus.Attempt attempt = reloader.reload("test");

        assertThat(attempt.result()).isEqualTo(ReloadStatus.Result.APPLIED);
        assertThat(attempt.changed()).containsExactly("cameras added: b", "cameras removed: c", "cameras changed: d",
                "users");
        assertThat(attempt.problems()).isEmpty();
        // c's reader and guest's reader of a end; nvr's reader of a does not.
        assertThat(nvrC.awaitEnd()).isTrue();
        assertThat(guestA.awaitEnd()).isTrue();
        // d changed: its session restarted (a new stream), its reader ended, and it plays again.
        assertThat(nvrD.awaitEnd()).isTrue();
        assertThat(gateway.stream("d")).isNotNull().isNotSameAs(streamD);
        play("nvr", "secret", "d");
        // Parts whose settings did not change are not restarted.
        assertThat(gateway.mqtt()).isSameAs(mqtt);
        assertThat(gateway.sensors()).isSameAs(sensors);
        int imagesAtReload = nvrA.images();
        nvrA.awaitImages(imagesAtReload + 50);
        assertThat(nvrA.ended()).isFalse();
        // Same camera session: the stream object and the one upstream connection to the camera are those of before.
        assertThat(gateway.stream("a")).isSameAs(streamA);
        assertThat(cameras.connectionCount("cam-a")).isEqualTo(upstreamA);
        assertThat(nvrA.largestGapMillisAround(reloadNanos)).isLessThan(1500);
        assertThat(gateway.stream("c")).isNull();

        // b is playable; guest now sees b and no longer a.
        Reader nvrB = play("nvr", "secret", "b");
        assertThat(nvrB.images()).isGreaterThanOrEqualTo(10);
        play("guest", "guest", "b");
        assertThatThrownBy(() -> {
            try (FFmpegFrameGrabber g = grabber(url("guest", "guest", "a"))) {
                g.start();
            }
        }).hasMessageContaining("error " + HTTP_FORBIDDEN);

        List<String> audit = Files.readAllLines(dir.resolve("audit.log"));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"event\":\"session-end\"", "\"user\":\"nvr\"",
                "\"camera\":\"c\"", "camera-removed"));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"event\":\"session-end\"", "\"user\":\"guest\"",
                "\"camera\":\"a\"", "access-revoked"));
        assertThat(audit).noneSatisfy(l -> assertThat(l).contains("\"event\":\"session-end\"", "\"user\":\"nvr\"",
                "\"camera\":\"a\""));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"event\":\"session-end\"", "\"user\":\"nvr\"",
                "\"camera\":\"d\"", "camera-changed"));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"event\":\"reload\"", "\"result\":\"applied\"",
                "cameras added: b", "cameras removed: c"));
        JsonNode reload = status().path("reload");
        assertThat(reload.path("result").asText()).isEqualTo("applied");
        assertThat(reload.path("trigger").asText()).isEqualTo("test");
        assertThat(reload.path("changed").toString())
                .isEqualTo("[\"cameras added: b\",\"cameras removed: c\",\"cameras changed: d\",\"users\"]");
        assertThat(reload.path("problems").size()).isZero();
        assertThat(gateway.metrics().scrape()).contains("camgate_reload_total{result=\"applied\"} 1.0",
                "camgate_reload_total{result=\"invalid\"} 0.0");
    }

    @Test
    void anInvalidFileChangesNothingAndIsReported() throws Exception {
        Reader nvrA = play("nvr", "secret", "a");
        Reader nvrC = play("nvr", "secret", "c");
        CameraStream streamC = gateway.stream("c");

        // Valid YAML with two mistakes: an unknown key and a camera without a purpose.
        Files.writeString(file, AFTER.replace("    purpose: Safety in the lobby\n", "    colour: red\n"));
        ReloadStatus.Attempt attempt = reloader.reload("test");

        assertThat(attempt.result()).isEqualTo(ReloadStatus.Result.INVALID);
        assertThat(attempt.problems()).anySatisfy(p -> assertThat(p).startsWith("cameras[1].colour (line 22): "))
                .anySatisfy(p -> assertThat(p).startsWith("cameras[1].purpose (line 21): required"));
        int images = nvrA.images();
        nvrA.awaitImages(images + 25);
        nvrC.awaitImages(nvrC.images() + 25);
        assertThat(nvrA.ended() || nvrC.ended()).isFalse();
        assertThat(gateway.stream("c")).isSameAs(streamC);
        assertThat(gateway.stream("b")).isNull();
        assertThatThrownBy(() -> {
            try (FFmpegFrameGrabber g = grabber(url("nvr", "secret", "b"))) {
                g.start();
            }
        }).hasMessageContaining("error " + HTTP_NOT_FOUND);

        JsonNode reload = status().path("reload");
        assertThat(reload.path("result").asText()).isEqualTo("invalid");
        assertThat(reload.path("problems").toString()).contains("cameras[1].colour (line 22): unknown key");
        assertThat(gateway.metrics().scrape()).contains("camgate_reload_total{result=\"invalid\"} 1.0",
                "camgate_reload_total{result=\"applied\"} 0.0");
        assertThat(Files.readAllLines(dir.resolve("audit.log"))).anySatisfy(l -> assertThat(l)
                .contains("\"event\":\"reload\"", "\"result\":\"invalid\"", "cameras[1].purpose (line 21)"));

        // The same file reloaded after the fix is applied.
        Files.writeString(file, AFTER);
        assertThat(reloader.reload("test").result()).isEqualTo(ReloadStatus.Result.APPLIED);
        assertThat(reloader.reload("test").result()).isEqualTo(ReloadStatus.Result.UNCHANGED);
    }

    private JsonNode status() throws Exception {
        int port = gateway.statusAddress().orElseThrow().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    static FFmpegFrameGrabber grabber(String url) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
        grabber.setOption("rtsp_transport", "tcp");
        grabber.setOption("timeout", "10000000");
        return grabber;
    }

    /** Plays one URL on a thread of its own until stopped or the stream ends, noting when each picture came. */
    private static final class Reader {
        final Thread thread;
        private final String url;
        private final List<Long> arrivals = new CopyOnWriteArrayList<>();
        private volatile boolean stopping;
        private volatile boolean ended;
        private volatile Exception failure;

        Reader(String url) {
            this.url = url;
            this.thread = new Thread(this::run, "reader");
            thread.setDaemon(true);
        }

        private void run() {
            try (FFmpegFrameGrabber g = grabber(url)) {
                g.start();
                while (!stopping) {
                    Frame frame = g.grabImage();
                    if (frame == null) {
                        break;
                    }
                    if (frame.image != null) {
                        arrivals.add(System.nanoTime());
                    }
                }
            } catch (Exception e) {
                failure = e;
            } finally {
                ended = true;
            }
        }

        int images() {
            return arrivals.size();
        }

        boolean ended() {
            return ended && !stopping;
        }

        void awaitImages(int n) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (arrivals.size() < n) {
                if (ended) {
                    throw new AssertionError("the reader of " + url.replaceAll("//[^@]*@", "//") + " ended after "
                            + arrivals.size() + " pictures", failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the reader got " + arrivals.size() + " of " + n + " pictures");
                }
                Thread.sleep(20);
            }
        }

        boolean awaitEnd() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            return ended;
        }

        /** The longest time between two pictures from 1 s before {@code nanos} to the last picture. */
        long largestGapMillisAround(long nanos) {
            long largest = 0;
            Long previous = null;
            for (long t : arrivals) {
                if (t >= nanos - TimeUnit.SECONDS.toNanos(1)) {
                    if (previous != null) {
                        largest = Math.max(largest, t - previous);
                    }
                    previous = t;
                }
            }
            return TimeUnit.NANOSECONDS.toMillis(largest);
        }

        void stop() throws InterruptedException {
            stopping = true;
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }
}
