package org.camgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.camgate.common.yaml.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.common.yaml.ConfigProblem;
import org.camgate.common.units.Durations;
import org.camgate.config.GatewayConfig;
import org.camgate.probe.CameraProbe;
import org.camgate.probe.ProbeResult;
import org.camgate.probe.ProbeTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code camgate check-config --config FILE}: exit 0 and a summary when valid; else each problem and exit 2. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a configuration file: exit 0 when valid; otherwise print each problem "
                + "with its YAML path and line, and exit 2. $${NAME} takes environment variables.")
final class CheckConfigCommand implements Callable<Integer> {
    /** Exit status of {@code --probe} when the file is valid but a camera could not be reached. */
    static final int EXIT_UNREACHABLE = 1;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
    Path config;

    @Option(names = "--probe", description = "also connect to every camera (RTSP DESCRIBE/SETUP/PLAY with its credentials;"
            + " ONVIF GetProfiles and GetStreamUri first) and print a table: camera, reachable, codec, resolution, error."
            + " Exit 1 when a camera is not reachable.")
    boolean probe;

    @Option(names = "--probe-timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "how long each camera may take to answer (default: ${DEFAULT-VALUE})")
    String probeTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            GatewayConfig c = ConfigLoader.load(config, System.getenv());
            out.println("OK: " + config + ": " + c.cameras().size() + " cameras, " + c.users().size() + " users");
            return probe ? probe(c, out, err) : 0;
        } catch (ConfigException e) {
            if (ScenarioSniffer.looksLikeScenario(config)) {
                err.println("INVALID: " + config + " is a simulator scenario, not a gateway configuration: check it with "
                        + "camgate-sim validate --scenario " + config);
                return Main.EXIT_INVALID;
            }
            for (ConfigProblem p : e.problems()) {
                // File-level problems (unreadable, too large) already name the file.
                err.println(p.path().isEmpty() && p.line() == 0 ? p.toString() : config + ": " + p);
            }
            err.println("INVALID: " + config + ": " + count(e.problems().size(), "problem"));
            return Main.EXIT_INVALID;
        }
    }

    private int probe(GatewayConfig c, PrintWriter out, PrintWriter err) {
        Duration timeout;
        try {
            timeout = Durations.parse(probeTimeout);
        } catch (IllegalArgumentException e) {
            err.println("--probe-timeout: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        out.flush();
        List<ProbeResult> results;
        try (CameraProbe cameras = new CameraProbe(c, timeout)) {
            results = cameras.probeAll();
        }
        ProbeTable.lines(results).forEach(out::println);
        long down = results.stream().filter(r -> !r.reachable()).count();
        if (down > 0) {
            out.println("UNREACHABLE: " + count((int) down, "camera") + " of " + results.size());
            return EXIT_UNREACHABLE;
        }
        return 0;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
