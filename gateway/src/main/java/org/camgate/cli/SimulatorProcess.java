package org.camgate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator jar as a child process: {@code java -jar camgate-sim.jar run --scenario FILE --stop-on-stdin-close}.
 * Its output (standard output and error) goes line by line into this process's log under the logger
 * {@code camgate-sim}; {@link #start} returns once the simulator says it runs and its cameras accept connections;
 * {@link #stop} ends it and what it started. It also ends when this JVM is asked to stop (a shutdown hook) and, as
 * its standard input is a pipe from this process, when this process dies in any other way.
 */
final class SimulatorProcess {
    private static final Logger log = LoggerFactory.getLogger("camgate-sim");
    /** What {@code camgate-sim run} prints once its site is started. */
    static final String READY = "Running; Ctrl-C to stop.";
    private static final int MAX_LINE = 4096;

    private final Process process;
    private final Thread shutdownHook;

    private SimulatorProcess(Process process) {
        this.process = process;
        this.shutdownHook = new Thread(this::end, "camgate-sim-stop");
    }

    /**
     * Starts the simulator on {@code scenario} and waits until it reports that it runs and {@code cameras} accepts
     * a connection; on failure the child is ended and the exception names why (its output is in the log).
     */
    static SimulatorProcess start(Path jar, Path scenario, InetSocketAddress cameras, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "run", "--scenario", scenario.toString(), "--stop-on-stdin-close");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        SimulatorProcess sim = new SimulatorProcess(child);
        Runtime.getRuntime().addShutdownHook(sim.shutdownHook);
        log.info("started {} (pid {})", String.join(" ", command), child.pid());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread relay = new Thread(() -> sim.relay(ready), "camgate-sim-output");
        relay.setDaemon(true);
        relay.start();
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            awaitListening(cameras, child, System.nanoTime() + timeout.toNanos());
            return sim;
        } catch (ExecutionException | TimeoutException | IOException e) {
            sim.stop();
            String why = e instanceof TimeoutException ? "did not start within " + timeout.toSeconds() + " s"
                    : e instanceof ExecutionException ? e.getCause().getMessage() : e.getMessage();
            throw new IOException(jar.getFileName() + " " + why + " (its output is in the log, prefixed camgate-sim)");
        } catch (InterruptedException e) {
            sim.stop();
            throw e;
        }
    }

    /** Copies the child's output into the log; completes {@code ready} at the READY line, fails it at the end. */
    private void relay(CompletableFuture<Void> ready) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.info("{}", line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line);
                if (line.equals(READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            log.debug("output ended: {}", e.toString());
        }
        try {
            ready.completeExceptionally(new IllegalStateException("exited with status " + process.waitFor()
                    + " before its cameras ran"));
        } catch (InterruptedException e) {
            ready.completeExceptionally(new IllegalStateException("ended"));
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitListening(InetSocketAddress cameras, Process child, long deadline)
            throws IOException, InterruptedException {
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(cameras, 1000);
                return;
            } catch (IOException e) {
                if (!child.isAlive()) {
                    throw new IOException("exited with status " + child.exitValue() + " before its cameras listened");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("cameras do not listen on " + cameras + ": " + e.getMessage());
                }
                Thread.sleep(100);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * From now on the caller stops the simulator when the JVM is asked to stop (after what depends on it, so the
     * gateway does not see its cameras go first); until the caller's own hook is in place, a JVM that ends still ends
     * the simulator through its closed standard input.
     */
    void leaveStopToCaller() {
        removeShutdownHook();
    }

    /** Ends the simulator (idempotent): closes its input, asks it to stop, and kills it after 10 s. */
    void stop() {
        removeShutdownHook();
        end();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) end() itself.
        }
    }

    private synchronized void end() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("closing its input: {}", e.toString());
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                log.warn("did not stop within 10 s; killing pid {}", process.pid());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.info("stopped (pid {})", process.pid());
    }
}
