package org.camgate.sim.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code load --url rtsp://u:p@host:port/cam --readers N --duration 30s [--transport udp]}: N RTSP readers
 * over TCP interleaved or UDP; after the warm-up, counts bytes, RTP packets and sequence gaps for the duration
 * and prints a summary with the readers' join times (connect to first video packet) and RTP jitter. The lines {@code MEASURE START} and {@code MEASURE END} mark the window, so a
 * script can sample the server around it. Exit status 0 when every reader played throughout
 * without loss, 1 otherwise.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Open N RTSP readers (TCP or UDP) against a URL and report packets, losses, bitrate, join time and jitter.")
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "rtsp://[user:pass@]host:port/path")
    String url;

    @Option(names = "--readers", defaultValue = "1", description = "number of readers (default: ${DEFAULT-VALUE})")
    int readers;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "measured window (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "time after all readers play before measuring (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--ramp", defaultValue = "20", description = "connections opened per 100 ms (default: ${DEFAULT-VALUE})")
    int ramp;

    @Option(names = "--threads", defaultValue = "2", description = "event loop threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--transport", defaultValue = "tcp",
            description = "tcp (interleaved) or udp (first video track only) (default: ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--keep-alive", defaultValue = "25s", converter = DurationConverter.class,
            description = "OPTIONS keep-alive interval (default: ${DEFAULT-VALUE})")
    Duration keepAlive;

    @Override
    public Integer call() throws InterruptedException {
        LoadTarget target;
        try {
            target = LoadTarget.parse(url);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (!transport.equals("tcp") && !transport.equals("udp")) {
            System.err.println("transport: " + transport + " (expected: tcp or udp)");
            return 2;
        }
        PrintStream out = System.out;
        LoadRun run = new LoadRun(target, readers, ramp, keepAlive, threads, transport.equals("udp"));
        try {
            run.start();
            run.awaitPlaying(Duration.ofSeconds(30));
            long playing = run.snapshot().stream().filter(ReaderSnapshot::playing).count();
            out.println("load: " + playing + "/" + readers + " readers playing; warming up for " + warmup.toMillis() + " ms");
            Thread.sleep(warmup.toMillis());
            List<ReaderSnapshot> start = run.snapshot();
            long t0 = System.nanoTime();
            out.println("MEASURE START");
            out.flush();
            Thread.sleep(duration.toMillis());
            List<ReaderSnapshot> end = run.snapshot();
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.println("MEASURE END");
            out.flush();
            LoadReport report = new LoadReport(start, end, seconds);
            out.print(report.text(target.url()));
            out.println(report.resultLine());
            out.flush();
            return report.clean() ? 0 : 1;
        } finally {
            run.stop();
        }
    }
}
