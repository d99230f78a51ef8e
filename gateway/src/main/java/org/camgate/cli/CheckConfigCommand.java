package org.camgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.camgate.config.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.config.ConfigProblem;
import org.camgate.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code camgate check-config --config FILE}: exit 0 and a summary when valid; else each problem and exit 2. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a configuration file: exit 0 when valid; otherwise print each problem "
                + "with its YAML path and line, and exit 2. $${NAME} takes environment variables.")
final class CheckConfigCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            GatewayConfig c = ConfigLoader.load(config, System.getenv());
            out.println("OK: " + config + ": " + c.cameras().size() + " cameras, " + c.users().size() + " users");
            return 0;
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                // File-level problems (unreadable, too large) already name the file.
                err.println(p.path().isEmpty() && p.line() == 0 ? p.toString() : config + ": " + p);
            }
            err.println("INVALID: " + config + ": " + count(e.problems().size(), "problem"));
            return Main.EXIT_INVALID;
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
