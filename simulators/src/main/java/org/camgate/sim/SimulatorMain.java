package org.camgate.sim;

import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.load.LoadCommand;
import org.camgate.sim.sensor.SensorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the test-lab simulators: {@code run --scenario FILE}, {@code load --url URL --readers N},
 * {@code sensor --type radar --scenario person-dwell --target udp://127.0.0.1:9101}.
 */
@Command(name = "camgate-sim", mixinStandardHelpOptions = true, subcommands = {SimulatorMain.Run.class, LoadCommand.class, SensorCommand.class},
        description = "Simulated RTSP cameras, radar/LiDAR/thermal sensors and load readers for the camgate test lab.")
public final class SimulatorMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    /** Starts the scenario's cameras and runs until interrupted (Ctrl-C). */
    @Command(name = "run", description = "Run the cameras of a scenario until Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--scenario", required = true, description = "scenario YAML file")
        Path scenarioFile;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Scenario scenario;
            try (Reader reader = Files.newBufferedReader(scenarioFile, StandardCharsets.UTF_8)) {
                scenario = ScenarioLoader.load(reader);
            } catch (ScenarioException e) {
                System.err.println(scenarioFile + ": " + e.getMessage());
                return 2;
            }
            SimCameraServer server = new SimCameraServer(scenario.host(), scenario.port(), scenario.cameras());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop();
                stopped.countDown();
            }, "camgate-sim-shutdown"));
            try {
                server.start();
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            for (SimCameraConfig camera : server.cameras()) {
                System.out.println(server.url(camera.path()) + "  " + camera.width() + "x" + camera.height() + " "
                        + camera.fps() + " fps" + (camera.audio() ? " +audio" : "")
                        + (camera.requiresAuth() ? " (user " + camera.username() + ")" : ""));
            }
            System.out.println("Running; Ctrl-C to stop.");
            stopped.await();
            return 0;
        }
    }
}
