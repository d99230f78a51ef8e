package org.camgate.cli;

import org.camgate.Gateway;
import org.camgate.common.net.HostPort;
import org.camgate.config.GatewayConfig;
import org.camgate.log.LogSetup;
import org.camgate.lifecycle.ReloadTriggers;
import org.camgate.lifecycle.Reloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code camgate run --config FILE}: runs the gateway until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the gateway with a configuration file until stopped (Ctrl-C or SIGTERM).",
                "SIGHUP re-reads the file and applies it without a restart (an invalid file changes nothing)."})
final class RunCommand implements Callable<Integer> {
    /** How long the file must stay unchanged before a watched change is reloaded (editors write in steps). */
    static final Duration WATCH_QUIET = Duration.ofMillis(500);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
    Path config;

    @Option(names = "--watch", description = "also reload when the configuration file changes (as reload.watch: true)")
    boolean watch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<GatewayConfig> file = ConfigFile.load(config, err);
        if (file.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        GatewayConfig loaded = file.get();
        try {
            LogSetup.apply(loaded.log(), System.getenv());
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("camgate: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        PrintWriter out = spec.commandLine().getOut();
        Gateway gateway = new Gateway(loaded);
        Reloader reloader = gateway.reloader(config, System.getenv());
        ReloadTriggers triggers = new ReloadTriggers(reloader::reload);
        return runUntilStopped(gateway, out, err, triggers::close, () -> {
            listenForReloads(gateway, triggers, err);
            out.println("camgate running; RTSP on rtsp://" + HostPort.format(gateway.rtspAddress()) + "/{camera-id}");
        });
    }

    /** SIGHUP always; the file watch with {@code --watch} or {@code reload.watch: true}. */
    private void listenForReloads(Gateway gateway, ReloadTriggers triggers, PrintWriter err) {
        triggers.onHangup();
        if (watch || gateway.config().reload().watch()) {
            try {
                triggers.watch(config, WATCH_QUIET);
            } catch (IOException e) {
                err.println("camgate: cannot watch " + config + " (" + e.getMessage() + "); reload with SIGHUP");
            }
        }
    }

    /**
     * Starts the gateway, runs {@code announce}, and blocks until the JVM is asked to stop; then
     * stops the gateway and runs {@code alsoStop}.
     */
    static int runUntilStopped(Gateway gateway, PrintWriter out, PrintWriter err, Runnable alsoStop, Runnable announce)
            throws InterruptedException {
        try {
            gateway.start();
        } catch (IllegalStateException e) {
            // One line, naming the key and address when a listener could not bind; no stack trace.
            err.println("camgate: " + e.getMessage());
            alsoStop.run();
            return Main.EXIT_INVALID;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop();
            alsoStop.run();
            stopped.countDown();
        }, "camgate-shutdown"));
        announce.run();
        out.flush();
        stopped.await();
        return 0;
    }
}
