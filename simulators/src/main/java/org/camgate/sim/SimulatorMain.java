package org.camgate.sim;

import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.load.LoadCommand;
import org.camgate.sim.onvif.SimOnvifCamera;
import org.camgate.sim.onvif.SimOnvifConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Command line of the test-lab simulators: {@code run --scenario FILE}, {@code load --url URL --readers N}. */
@Command(name = "camgate-sim", mixinStandardHelpOptions = true, subcommands = {SimulatorMain.Run.class, LoadCommand.class},
        description = "Simulated RTSP (and ONVIF) cameras and load readers for the camgate test lab.")
public final class SimulatorMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    /** Starts the scenario's cameras and runs until interrupted (Ctrl-C). */
    @Command(name = "run", description = "Run the cameras of a scenario until Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--scenario", required = true, description = "scenario YAML file")
        Path scenarioFile;

        @Option(names = "--onvif", paramLabel = "HOST:PORT", description = "also run one simulated ONVIF device per "
                + "camera (Device, Media, Events; the camera's credentials), on PORT, PORT+1, ... (0: free ports)")
        String onvifListen;

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
            if (onvifListen != null) {
                List<SimOnvifCamera> devices;
                try {
                    devices = startOnvif(server);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    System.err.println("--onvif: " + e.getMessage());
                    server.stop();
                    return 2;
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> devices.forEach(SimOnvifCamera::stop),
                        "camgate-sim-onvif-shutdown"));
                for (int i = 0; i < devices.size(); i++) {
                    System.out.println(devices.get(i).deviceUrl() + "  ONVIF device of " + server.cameras().get(i).path());
                }
            }
            System.out.println("Running; Ctrl-C to stop.");
            stopped.await();
            return 0;
        }

        private List<SimOnvifCamera> startOnvif(SimCameraServer server) {
            int colon = onvifListen.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + onvifListen + "' (expected: host:port, e.g. 127.0.0.1:8081)");
            }
            String host = onvifListen.substring(0, colon).replace("[", "").replace("]", "");
            int port;
            try {
                port = Integer.parseInt(onvifListen.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + onvifListen + "': port is not a number");
            }
            List<SimOnvifCamera> devices = new ArrayList<>();
            try {
                for (SimCameraConfig camera : server.cameras()) {
                    SimOnvifConfig config = new SimOnvifConfig(host, port == 0 ? 0 : port + devices.size(), camera.path(),
                            camera.username(), camera.password(), java.time.Duration.ZERO);
                    devices.add(new SimOnvifCamera(config, server).start());
                }
            } catch (RuntimeException e) {
                devices.forEach(SimOnvifCamera::stop);
                throw e;
            }
            return devices;
        }
    }
}
