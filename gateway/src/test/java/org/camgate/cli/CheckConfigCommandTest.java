package org.camgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void validConfigurationExitsZero(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, """
                site: lab-1
                users: [{name: nvr, password: pw, cameras: ["*"]}]
                cameras:
                  - {id: a, purpose: Watch the door, source: "rtsp://192.0.2.1/a"}
                  - {id: b, purpose: Watch the yard, source: "rtsp://192.0.2.1/b"}
                """);
        assertThat(run("check-config", "--config", file.toString())).isZero();
        assertThat(out.toString()).isEqualTo("OK: " + file + ": 2 cameras, 1 users" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void invalidConfigurationExitsTwoAndNamesPathAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                site: lab-1
                rtsp:
                  lsten: 127.0.0.1:8554
                cameras:
                  - id: a
                    source: rtsp://user:TopSecret@192.0.2.1/a
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(2);
        String nl = System.lineSeparator();
        assertThat(err.toString()).isEqualTo(
                file + ": rtsp.lsten (line 3): unknown key; expected one of: listen, udp, sessionTimeout, requestTimeout, "
                        + "idleTimeout, maxConnections, maxUnauthenticatedPerAddress, maxSessions, maxSessionsPerAddress, "
                        + "readerQueue, gopCache, nonceLifetime, upstreamLinger, reconnectMin, reconnectMax, "
                        + "upstreamTimeout" + nl
                        + file + ": cameras[0].purpose (line 5): required: say what this camera is for, "
                        + "e.g. \"Prevent theft at the main entrance\"" + nl
                        + "INVALID: " + file + ": 2 problems" + nl);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingFileExitsTwo(@TempDir Path dir) {
        Path file = dir.resolve("missing.yaml");
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read " + file + ": no such file").contains("INVALID");
    }

    @Test
    void shippedExamplesPassWhenTheirVariableIsSetAndFailOtherwise() {
        // The environment of the build decides whether NVR_PASSWORD is set; either way the exit code says which.
        int expected = System.getenv("NVR_PASSWORD") == null ? 2 : 0;
        assertThat(run("check-config", "--config", "../conf/gateway/reference.yaml")).isEqualTo(expected);
        assertThat(run("check-config", "--config", "../conf/gateway/example-minimal.yaml")).isEqualTo(expected);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("check-config")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
        assertThat(run()).isEqualTo(2);
        assertThat(run("no-such-command")).isEqualTo(2);
    }

    @Test
    void helpListsTheSubcommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("check-config");
    }

    @Test
    void aSimulatorScenarioGetsOneLinePointingToCamgateSimValidate() {
        for (String scenario : new String[] {"../conf/scenarios/scenario-school-night.yaml",
                "../conf/scenarios/lab-cameras.yaml"}) {
            StringWriter e = new StringWriter();
            assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(e), "check-config", "--config",
                    scenario)).isEqualTo(2);
            assertThat(e.toString()).isEqualTo("INVALID: " + scenario + " is a simulator scenario, not a gateway "
                    + "configuration: check it with camgate-sim validate --scenario " + scenario + System.lineSeparator());
        }
    }

    @Test
    void aGatewayConfigurationWithMistakesIsNotTakenForAScenario(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                site: lab-1
                cameras:
                  - {id: a, source: "rtsp://192.0.2.1/a"}
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cameras[0].purpose").doesNotContain("camgate-sim");
    }
}
