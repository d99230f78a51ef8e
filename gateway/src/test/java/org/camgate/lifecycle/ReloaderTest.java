package org.camgate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camgate.audit.AuditEvent;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload steps with the gateway faked by functions: what is applied, reported, counted and audited. */
class ReloaderTest {
    private static final String VALID = """
            site: lab-1
            cameras:
              - id: a
                purpose: Entrance
                source: rtsp://127.0.0.1:554/a
            """;

    @TempDir
    Path dir;
    private final List<GatewayConfig> applied = new ArrayList<>();
    private final List<AuditEvent> audited = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ReloadStatus status = new ReloadStatus(metrics);
    private GatewayConfig running;

    private Reloader reloader(Path file) throws Exception {
        running = ConfigLoader.parse(VALID, "x.yaml", Map.of());
        return new Reloader(file, Map.of(), next -> {
            applied.add(next);
            ConfigChange change = ConfigChange.between(running, next);
            running = change.running();
            return change;
        }, audited::add, status, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    private double count(String result) {
        return metrics.get("camgate.reload").tag("result", result).counter().count();
    }

    @Test
    void anInvalidFileIsNotAppliedAndEveryProblemIsReported() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, VALID.replace("purpose: Entrance", "purpos: Entrance"));
        ReloadStatus.Attempt attempt = reloader(file).reload("signal");
        assertThat(applied).isEmpty();
        assertThat(attempt.result()).isEqualTo(ReloadStatus.Result.INVALID);
        assertThat(attempt.problems()).containsExactly(
                "cameras[0].purpose (line 3): required: say what this camera is for, e.g. \"Prevent theft at the main entrance\"",
                "cameras[0].purpos (line 4): unknown key; expected one of: id, purpose, source, audio, transport, gate, access, motion, allowBasic, onDemand, signalLossAfter, clips");
        assertThat(status.snapshot()).containsEntry("result", "invalid").containsEntry("trigger", "signal")
                .containsEntry("lastAttempt", "2026-01-02T03:04:05Z");
        assertThat(count("invalid")).isEqualTo(1.0);
        assertThat(count("applied")).isZero();
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("reload");
            assertThat(e.details()).containsEntry("result", "invalid").containsKey("problems");
        });
    }

    @Test
    void aMissingFileIsInvalid() throws Exception {
        ReloadStatus.Attempt attempt = reloader(dir.resolve("gone.yaml")).reload("watch");
        assertThat(attempt.result()).isEqualTo(ReloadStatus.Result.INVALID);
        assertThat(attempt.problems()).singleElement().asString().contains("no such file");
    }

    @Test
    void aValidFileIsAppliedAndItsChangesListed() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, VALID + """
                  - id: b
                    purpose: Lobby
                    source: rtsp://127.0.0.1:554/b
                rtsp: { listen: 127.0.0.1:9554 }
                """);
        Reloader reloader = reloader(file);
        ReloadStatus.Attempt attempt = reloader.reload("signal");
        assertThat(applied).hasSize(1);
        assertThat(attempt.result()).isEqualTo(ReloadStatus.Result.APPLIED);
        assertThat(attempt.changed()).containsExactly("cameras added: b");
        assertThat(attempt.needsRestart()).containsExactly("rtsp");
        assertThat(audited.get(0).details()).containsEntry("changed", List.of("cameras added: b"))
                .containsEntry("needsRestart", List.of("rtsp"));
        // Again: nothing more to apply, and the listen address still waits for a restart.
        ReloadStatus.Attempt again = reloader.reload("signal");
        assertThat(again.result()).isEqualTo(ReloadStatus.Result.UNCHANGED);
        assertThat(again.needsRestart()).containsExactly("rtsp");
        assertThat(count("applied")).isEqualTo(1.0);
        assertThat(count("unchanged")).isEqualTo(1.0);
    }

    @Test
    void aFailureWhileApplyingIsReportedAsFailed() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, VALID);
        Reloader reloader = new Reloader(file, Map.of(), next -> {
            throw new IllegalStateException("onvif: cannot listen on 127.0.0.1:8080 (onvif.listen): Address in use");
        }, audited::add, status, Clock.systemUTC());
        ReloadStatus.Attempt attempt = reloader.reload("signal");
        assertThat(attempt.result()).isEqualTo(ReloadStatus.Result.FAILED);
        assertThat(attempt.problems()).containsExactly("applying the configuration failed: onvif: cannot listen on "
                + "127.0.0.1:8080 (onvif.listen): Address in use");
        assertThat(count("failed")).isEqualTo(1.0);
    }
}
