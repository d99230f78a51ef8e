package org.camgate.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.clip.ClipTools.curl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.camgate.cli.Main;
import org.camgate.sim.camera.ScriptedScene;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with a real kill: a {@code camgate run} in a child JVM records clips of a simulated camera whose scene
 * moves every few seconds (motion gate); it is killed with SIGKILL while a clip is being written. One finished clip
 * is then truncated and another changed in place (same size), as a disk could leave them. The next start removes the
 * unfinished and the truncated clip (audited {@code clip-removed}); every clip it lists plays (ffprobe over HTTP) and
 * matches its sidecar; the changed one is refused (checksum), never served.
 */
class ClipsCrashIT {
    private static final int FPS = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private SimCameraServer cameras;
    private Process child;

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroy();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        if (cameras != null) {
            cameras.stop();
        }
    }

    @Test
    void aGatewayKilledMidClipLeavesNoDamagedClipServed() throws Exception {
        // Still 2 s, then a moving object for 2.5 s and still 2.5 s, 20 times: a clip every 5 s of about 4.5 s.
        ScriptedScene.Builder script = ScriptedScene.builder().still(2);
        for (int i = 0; i < 20; i++) {
            script.object(2.5, 50).still(2.5);
        }
        ScriptedScene scene = script.build();
        cameras = new SimCameraServer("127.0.0.1", 0, List.of(
                new SimCameraConfig("door", 320, 180, FPS, 300, FPS / 2, false, null, null, scene))).start();
        int clipsPort = freePort();
        Path clips = dir.resolve("clips");
        Path file = dir.resolve("camgate.yaml");
        Files.writeString(file, """
                site: test
                rtsp: { listen: 127.0.0.1:0, udp: { enabled: false } }
                onvif: { listen: 127.0.0.1:0 }
                audit: { file: "%1$s/audit.log" }
                access: { allow: [127.0.0.1/32] }
                mqtt: { broker: "tcp://127.0.0.1:1", outbox: { dir: "%1$s/outbox" } }
                users:
                  - { name: nvr, password: secret, cameras: ["*"] }
                clips: { dir: "%2$s", listen: "127.0.0.1:%3$d", maxLength: 30s }
                cameras:
                  - id: door
                    purpose: test
                    source: rtsp://127.0.0.1:%4$d/door
                    gate: { mode: motion, preRoll: 1s, postRoll: 1s }
                    motion: { startFrames: 2, endFrames: 5 }
                    clips: true
                """.formatted(dir, clips, clipsPort, cameras.port()));

        // 1. Run until three clips are finished and a fourth is being written, then SIGKILL.
        child = run(file, "first");
        // A work file seen for a second is a clip in the middle of being written (FFmpeg fills it in 32 KB blocks,
        // so its size says little for a small clip; a clip lasts about 4.5 s).
        Path[] seen = new Path[1];
        long[] seenAt = new long[1];
        await("three finished clips and a fourth being written", 90, () -> {
            Optional<Path> work = workFile(clips);
            if (work.isEmpty() || !work.get().equals(seen[0])) {
                seen[0] = work.orElse(null);
                seenAt[0] = System.nanoTime();
                return false;
            }
            return sidecars(clips).size() >= 3 && System.nanoTime() - seenAt[0] > TimeUnit.MILLISECONDS.toNanos(1000);
        });
        Path unfinished = seen[0];
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(unfinished).as("the clip being written at the kill is left behind").exists();
        String unfinishedId = unfinished.getFileName().toString().replace(".mp4", "");

        // 2. Damage two finished clips as a failing disk might: one cut short, one changed in place.
        List<String> finished = sidecars(clips);
        String truncated = finished.get(0);
        String changed = finished.get(1);
        try (RandomAccessFile f = new RandomAccessFile(clips.resolve(truncated + ".mp4").toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        try (RandomAccessFile f = new RandomAccessFile(clips.resolve(changed + ".mp4").toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }

        // 3. The next start.
        child = run(file, "second");
        assertThat(unfinished).as("the unfinished clip is removed at start").doesNotExist();
        await("clip-removed audited", 20, () -> Files.readAllLines(dir.resolve("audit.log")).stream()
                .anyMatch(l -> l.contains("\"event\":\"clip-removed\"")));
        assertThat(Files.readAllLines(dir.resolve("audit.log"))).anySatisfy(l -> assertThat(l)
                .contains("\"event\":\"clip-removed\"").contains(unfinished.getFileName().toString())
                .contains(truncated));
        assertThat(clips.resolve(truncated + ".mp4")).doesNotExist();
        assertThat(clips.resolve(truncated + ".json")).doesNotExist();

        // Every clip listed plays and matches its sidecar; the unfinished and the truncated ones are not listed.
        String base = "http://127.0.0.1:" + clipsPort;
        Path list = dir.resolve("list.json");
        assertThat(curl("-u", "nvr:secret", "-o", list.toString(), base + "/clips?camera=door")).isEqualTo("200");
        List<?> listed = JSON.readValue(list.toFile(), List.class);
        List<String> ids = new ArrayList<>();
        for (Object o : listed) {
            ids.add((String) ((Map<?, ?>) o).get("id"));
        }
        assertThat(ids).contains(changed).doesNotContain(unfinishedId, truncated);
        int played = 0;
        for (String id : ids) {
            Path sidecar = clips.resolve(id + ".json");
            assertThat(sidecar).exists();
            Map<?, ?> meta = JSON.readValue(sidecar.toFile(), Map.class);
            Path media = clips.resolve(id + ".mp4");
            assertThat(Files.size(media)).as("clip %s: size in its sidecar", id)
                    .isEqualTo(((Number) meta.get("bytes")).longValue());
            String url = base + "/clips/" + id + ".mp4";
            if (id.equals(changed)) {
                assertThat(curl("-u", "nvr:secret", "-o", "/dev/null", url)).as("a changed clip is not served").isEqualTo("500");
                continue;
            }
            String probe = ClipTools.run("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name",
                    "-of", "csv=p=0", url.replace("http://", "http://nvr:secret@"));
            assertThat(probe).as("clip %s plays", id).contains("h264");
            double duration = Double.parseDouble(probe.lines().filter(l -> !l.contains("h264")).findFirst()
                    .orElseThrow().strip());
            assertThat(duration).as("clip %s duration", id).isGreaterThan(1.0);
            played++;
        }
        assertThat(played).as("the clips not damaged still play").isGreaterThanOrEqualTo(1);
        // No media without a sidecar is left beside the clips.
        try (Stream<Path> files = Files.list(clips)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".mp4") || n.endsWith(".jpg"))
                    .map(n -> n.substring(0, n.indexOf('.'))).distinct().toList())
                    .allSatisfy(id -> assertThat(clips.resolve(id + ".json")).exists());
        }
    }

    private Process run(Path file, String name) throws Exception {
        Path err = dir.resolve("child-" + name + ".err");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", file.toString())
                .redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's first line (stderr in %s)", err).startsWith("camgate running");
        return p;
    }

    private static List<String> sidecars(Path clips) throws IOException {
        if (!Files.isDirectory(clips)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(clips)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
    }

    private static Optional<Path> workFile(Path clips) throws IOException {
        Path tmp = clips.resolve(ClipStore.TMP);
        if (!Files.isDirectory(tmp)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().matches(".*\\.mp4")).findFirst();
        }
    }

    private void await(String what, int seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in " + seconds + " s: " + what + "; audit: "
                        + (Files.exists(dir.resolve("audit.log")) ? Files.readString(dir.resolve("audit.log")) : "none")
                        + "; stderr: " + Files.readString(dir.resolve("child-first.err")));
            }
            Thread.sleep(50);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

}
