package org.camgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start as a user runs it: {@code java -jar target/camgate.jar demo} (the shaded jar, which holds
 * no simulator) finds {@code camgate-sim.jar} in the source tree, starts it as a child process and serves its cameras
 * (ffprobe reads one through the gateway); the child ends with the gateway, whether the gateway is stopped or killed.
 * Without a simulator jar the demo says how to build one.
 */
class DemoIT {
    private static final Path GATEWAY_JAR = Path.of("target/camgate.jar");
    private static final Path SIM_JAR = Path.of("../simulators/target/camgate-sim.jar");
    private static final Pattern RTSP = Pattern.compile("RTSP\\s+(rtsp://demo:demo@127\\.0\\.0\\.1:\\d+)/schoolyard");

    @TempDir
    Path dir;

    private Process demo(String... extra) throws IOException {
        assertThat(GATEWAY_JAR).as("mvn package builds target/camgate.jar").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-jar", GATEWAY_JAR.toAbsolutePath().toString(), "demo",
                "--rtsp-listen", "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:0", "--onvif-listen", "127.0.0.1:0"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("demo.err").toFile());
        builder.environment().remove(SimulatorJar.ENV);
        return builder.start();
    }

    /** Reads the demo's standard output up to its announcement; returns the RTSP base URL it prints. */
    private String awaitAnnouncement(Process demo) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String base = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            Matcher m = RTSP.matcher(line);
            if (m.find()) {
                base = m.group(1);
            }
            if (line.startsWith("Events as they happen")) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(Writer.nullWriter());
                    } catch (IOException e) {
                        // The demo ended.
                    }
                }, "demo-stdout");
                drain.setDaemon(true);
                drain.start();
                assertThat(base).as(seen.toString()).isNotNull();
                return base;
            }
        }
        throw new AssertionError("the demo ended before its announcement:\n" + seen + "\nstderr:\n"
                + Files.readString(dir.resolve("demo.err")));
    }

    private void awaitLog(Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(dir.resolve("demo.err")).stream().anyMatch(wanted)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not logged in time:\n" + Files.readString(dir.resolve("demo.err")));
    }

    private static List<ProcessHandle> simulators(Process demo) {
        return demo.children().filter(p -> p.info().commandLine().orElse("").contains("camgate-sim.jar")).toList();
    }

    private static void awaitEnded(List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle p : processes) {
            p.onExit().get(30, TimeUnit.SECONDS);
            assertThat(p.isAlive()).as("simulator pid %d", p.pid()).isFalse();
        }
    }

    @Test
    void theDemoRunsTheSimulatorJarServesItsCamerasAndStopsItWithTheGateway() throws Exception {
        assertThat(SIM_JAR).as("mvn verify builds the simulators before the gateway").isRegularFile();
        Process demo = demo();
        try {
            String base = awaitAnnouncement(demo);
            List<ProcessHandle> sims = simulators(demo);
            assertThat(sims).as("one simulator child process").hasSize(1);

            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-rtsp_transport", "tcp",
                    "-show_entries", "stream=codec_type,codec_name,width,height", "-of", "compact",
                    base + "/schoolyard").redirectErrorStream(true).start();
            String probed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.exitValue()).as(probed).isZero();
            assertThat(probed).contains("codec_name=h264", "codec_type=video", "width=640", "height=360");

            String log = Files.readString(dir.resolve("demo.err"));
            assertThat(log).as("the simulator's output, in the gateway's log under camgate-sim")
                    .containsPattern("camgate-sim - rtsp://127\\.0\\.0\\.1:\\d+/schoolyard")
                    .contains("camgate-sim - " + SimulatorProcess.READY);
            // The trimmed jar (no RocksDB or other platforms' JNA natives) still runs the embedded broker.
            awaitLog(l -> l.contains("MQTT connected to tcp://127.0.0.1:"));

            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
            awaitEnded(sims);
        } finally {
            demo.destroyForcibly();
        }
    }

    @Test
    void aKilledDemoTakesItsSimulatorAlong() throws Exception {
        assertThat(SIM_JAR).as("mvn verify builds the simulators before the gateway").isRegularFile();
        Process demo = demo();
        try {
            awaitAnnouncement(demo);
            List<ProcessHandle> sims = simulators(demo);
            assertThat(sims).hasSize(1);
            demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            awaitEnded(sims);
        } finally {
            demo.destroyForcibly();
        }
    }

    @Test
    void withoutTheSimulatorJarTheDemoSaysHowToBuildIt() throws Exception {
        Process demo = demo("--sim-jar", dir.resolve("missing/camgate-sim.jar").toString());
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("demo.err"));
        assertThat(demo.exitValue()).as(out + err).isEqualTo(1);
        assertThat(err).contains("camgate demo: --sim-jar " + dir.resolve("missing/camgate-sim.jar")
                + ": no such file", "mvn -q -DskipTests package");
    }
}
