package org.camgate.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.camgate.common.net.HostPort;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.load.LoadCommand;
import org.camgate.sim.onvif.OnvifDevices;
import org.camgate.sim.onvif.SimOnvifCamera;
import org.camgate.sim.sensor.SensorCommand;
import org.camgate.sim.site.ScenarioProblems;
import org.camgate.sim.site.SiteRunner;
import org.camgate.sim.site.SiteScenario;
import org.camgate.sim.site.SiteScenarioLoader;
import org.camgate.sim.site.SiteSensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the test-lab simulators: {@code run --scenario FILE}, {@code validate --scenario FILE},
 * {@code load --url URL --readers N}, {@code sensor --type radar --scenario person-dwell --target udp://...}.
 */
@Command(name = "camgate-sim", mixinStandardHelpOptions = true, versionProvider = SimVersionProvider.class,
        subcommands = {SimulatorMain.Run.class, SimulatorMain.Validate.class, LoadCommand.class, SensorCommand.class,
                CommandLine.HelpCommand.class},
        description = "Simulated sites (RTSP cameras, radar/LiDAR/thermal sensors, faults) and load readers for the "
                + "camgate test lab.")
public final class SimulatorMain implements Callable<Integer> {
    /** Exit status for a bad command line or scenario (as {@code camgate} uses for an invalid configuration). */
    public static final int EXIT_INVALID = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    /** {@code camgate-sim} alone: show the usage, and fail (a subcommand is required), as {@code camgate} does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_INVALID;
    }

    /** Reads a scenario file; prints every problem with its path and line and returns null when there are any. */
    static SiteScenario read(Path file, PrintStream err) {
        try {
            return SiteScenarioLoader.load(file);
        } catch (ScenarioProblems e) {
            e.problems().forEach(p -> err.println(file + ": " + p));
        } catch (NoSuchFileException e) {
            err.println(file + ": cannot read: no such file");
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
        }
        return null;
    }

    /** Checks a scenario file: exit status 0 when valid, 2 with every problem printed otherwise. */
    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a scenario file; print each problem with its YAML path and line.")
    static final class Validate implements Callable<Integer> {
        @Option(names = "--scenario", required = true, description = "scenario YAML file")
        Path scenarioFile;

        @Override
        public Integer call() {
            SiteScenario scenario = read(scenarioFile, System.err);
            if (scenario == null) {
                return 2;
            }
            System.out.println(scenarioFile + ": valid (" + scenario.cameras().size() + " camera(s), "
                    + scenario.sensors().size() + " sensor(s), " + scenario.timeline().objects().size()
                    + " object(s), " + scenario.faults().size() + " fault(s))");
            return 0;
        }
    }

    /** Runs a scenario's site until interrupted (Ctrl-C). */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the simulated site of a scenario until Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--scenario", required = true, description = "scenario YAML file")
        Path scenarioFile;

        @Option(names = "--onvif", paramLabel = "HOST:PORT", description = "also run one simulated ONVIF device per "
                + "camera (Device, Media, Events; the camera's credentials), on PORT, PORT+1, ... (0: free ports)")
        String onvifListen;

        @Option(names = "--stop-on-stdin-close", description = "stop when standard input ends: a parent process that "
                + "starts the simulator with a pipe (camgate demo) takes it along when it ends, however it ends")
        boolean stopOnStdinClose;

        @Override
        public Integer call() throws InterruptedException {
            SiteScenario scenario = read(scenarioFile, System.err);
            if (scenario == null) {
                return 2;
            }
            SiteRunner site = new SiteRunner(scenario);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                site.stop();
                stopped.countDown();
            }, "camgate-sim-shutdown"));
            try {
                site.start();
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            describe(site, System.out);
            if (onvifListen != null) {
                List<SimOnvifCamera> devices;
                try {
                    devices = OnvifDevices.start(onvifListen, site.cameras());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    System.err.println("--onvif: " + e.getMessage());
                    site.stop();
                    return 2;
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> devices.forEach(SimOnvifCamera::stop),
                        "camgate-sim-onvif-shutdown"));
                for (int i = 0; i < devices.size(); i++) {
                    System.out.println(devices.get(i).deviceUrl() + "  ONVIF device of "
                            + site.cameras().cameras().get(i).path());
                }
            }
            if (stopOnStdinClose) {
                Thread input = new Thread(() -> {
                    try {
                        System.in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // Ended all the same.
                    }
                    stopped.countDown();
                }, "camgate-sim-stdin");
                input.setDaemon(true);
                input.start();
            }
            System.out.println("Running; Ctrl-C to stop.");
            stopped.await();
            return 0;
        }
    }

    /** One line per camera (its URL) and per sensor (where it sends). */
    static void describe(SiteRunner site, PrintStream out) {
        SimCameraServer server = site.cameras();
        if (server != null) {
            for (SimCameraConfig camera : server.cameras()) {
                out.println(server.url(camera.path()) + "  " + camera.width() + "x" + camera.height() + " "
                        + camera.fps() + " fps " + camera.codec().name().toLowerCase(Locale.ROOT)
                        + (camera.audio() ? " +audio" : "")
                        + (camera.requiresAuth() ? " (user " + camera.username() + ")" : ""));
            }
        }
        for (SimOnvifCamera device : site.onvifDevices()) {
            out.println(device.deviceUrl() + "  ONVIF device");
        }
        for (SiteSensor sensor : site.scenario().sensors()) {
            out.println(sensor.type() + " " + sensor.id() + " -> udp://" + HostPort.format(sensor.target()));
        }
        if (!site.scenario().duration().isZero()) {
            out.println("timeline: " + site.scenario().duration().toSeconds() + " s"
                    + (site.scenario().loop() ? ", repeating" : ", once"));
        }
    }
}
