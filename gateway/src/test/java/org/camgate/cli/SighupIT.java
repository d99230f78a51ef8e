package org.camgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code camgate run} in a child JVM: {@code kill -HUP} reloads the file without stopping the gateway, and
 * {@code reload.watch: true} reloads when the file is written. Both seen in the child's audit log.
 */
class SighupIT {
    private static final String CONFIG = """
            site: lab-1
            rtsp: { listen: 127.0.0.1:0, udp: { enabled: false } }
            onvif: { listen: 127.0.0.1:0 }
            mqtt: { broker: "tcp://127.0.0.1:1", outbox: { dir: "%1$s/outbox" } }
            audit: { file: "%1$s/audit.log" }
            %2$s
            cameras:
              - id: a
                purpose: Prevent theft at the entrance
                source: rtsp://127.0.0.1:1/a
            """;
    private static final String CAMERA_B = """
              - id: b
                purpose: Safety in the lobby
                source: rtsp://127.0.0.1:1/b
            """;

    @TempDir
    Path dir;

    private Process run(Path file) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", file.toString())
                .redirectErrorStream(false).redirectError(dir.resolve("child.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's first line (stderr in %s)", dir.resolve("child.err"))
                .startsWith("camgate running");
        return child;
    }

    private List<String> awaitAudit(Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Path audit = dir.resolve("audit.log");
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(audit) ? Files.readAllLines(audit) : List.of();
            if (lines.stream().anyMatch(wanted)) {
                return lines;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not audited in time; stderr: " + Files.readString(dir.resolve("child.err")));
    }

    private static void stop(Process child) throws Exception {
        child.destroy();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sighupReloadsTheFileAndTheGatewayRunsOn() throws Exception {
        Path file = dir.resolve("camgate.yaml");
        Files.writeString(file, CONFIG.formatted(dir, ""));
        Process child = run(file);
        try {
            Files.writeString(file, CONFIG.formatted(dir, "") + CAMERA_B);
            new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).inheritIO().start().waitFor();
            List<String> audit = awaitAudit(l -> l.contains("\"event\":\"reload\""));
            assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"trigger\":\"signal\"",
                    "\"result\":\"applied\"", "cameras added: b"));
            Thread.sleep(500);
            assertThat(child.isAlive()).as("still running after SIGHUP").isTrue();

            // An invalid file: reported, nothing changes, still running.
            Files.writeString(file, CONFIG.formatted(dir, "colour: red"));
            new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).inheritIO().start().waitFor();
            awaitAudit(l -> l.contains("\"result\":\"invalid\""));
            assertThat(Files.readString(dir.resolve("child.err"))).contains(file + ": colour (line 6): unknown key");
            assertThat(child.isAlive()).isTrue();
        } finally {
            stop(child);
        }
    }

    @Test
    void aWatchedFileIsReloadedWhenWritten() throws Exception {
        Path file = dir.resolve("camgate.yaml");
        Files.writeString(file, CONFIG.formatted(dir, "reload: { watch: true }"));
        Process child = run(file);
        try {
            Thread.sleep(300); // the watch starts right after the announcement
            Files.writeString(file, CONFIG.formatted(dir, "reload: { watch: true }") + CAMERA_B);
            List<String> audit = awaitAudit(l -> l.contains("\"event\":\"reload\""));
            assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"trigger\":\"watch\"",
                    "\"result\":\"applied\"", "cameras added: b"));
        } finally {
            stop(child);
        }
    }
}
