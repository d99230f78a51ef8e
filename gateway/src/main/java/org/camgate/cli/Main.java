package org.camgate.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code camgate} command. Subcommands are listed in {@code @Command(subcommands = ...)}; each is a
 * {@link Callable} returning its exit status (0 ok, 2 bad input or configuration, as picocli does for usage errors).
 */
@Command(name = "camgate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "ONVIF/RTSP camera gateway that enforces the site's camera-surveillance rules.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, DemoCommand.class, DiscoverCommand.class,
                ExportCommand.class, ClipsRekeyCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit status for an invalid configuration or bad command line. */
    public static final int EXIT_INVALID = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Leak tracking is for tests (PARANOID there); in production it only costs allocations.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        // JavaCPP's notices (e.g. that OpenCV's presets are of an older JavaCPP) go to the log, not bare to stderr.
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /** Runs a command line without exiting; output goes to System.out and System.err. */
    static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    /** Runs a command line without exiting, writing to the given streams (tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code camgate} alone: show the usage, and fail (a subcommand is required). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_INVALID;
    }
}
