package org.camgate.sim.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code load --url rtsp://u:p@host:port/cam --readers N --duration 30s [--transport udp]}: N RTSP readers
 * over TCP interleaved or UDP (N of each URL when {@code --url} is repeated or {@code --url-file} lists several); after the warm-up, counts bytes, RTP packets and sequence gaps for the duration
 * and prints a summary with the readers' join times (connect to first video packet) and RTP jitter. The lines {@code MEASURE START} and {@code MEASURE END} mark the window, so a
 * script can sample the server around it. Exit status 0 when every reader played throughout
 * without loss, 1 otherwise.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Open N RTSP readers (TCP or UDP) against a URL and report packets, losses, bitrate, join time and jitter.")
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--url", description = "rtsp://[user:pass@]host:port/path; repeat for several cameras")
    List<String> urls = new ArrayList<>();

    @Option(names = "--url-file", description = "a file with one RTSP URL per line (blank lines and # comments skipped)")
    Path urlFile;

    @Option(names = "--readers", defaultValue = "1", description = "readers per URL (default: ${DEFAULT-VALUE})")
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
        List<LoadTarget> targets = new ArrayList<>();
        try {
            List<String> all = new ArrayList<>(urls);
            if (urlFile != null) {
                for (String line : Files.readAllLines(urlFile, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.strip().startsWith("#")) {
                        all.add(line.strip());
                    }
                }
            }
            if (all.isEmpty()) {
                System.err.println("url: missing (expected: --url rtsp://... or --url-file FILE)");
                return 2;
            }
            for (String url : all) {
                targets.add(LoadTarget.parse(url));
            }
        } catch (IOException e) {
            System.err.println("url-file: cannot read " + urlFile + ": " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (!transport.equals("tcp") && !transport.equals("udp")) {
            System.err.println("transport: " + transport + " (expected: tcp or udp)");
            return 2;
        }
        PrintStream out = System.out;
        if (readers < 1) {
            System.err.println("readers: " + readers + " (expected: > 0)");
            return 2;
        }
        LoadRun run = new LoadRun(targets, readers, ramp, keepAlive, threads, transport.equals("udp"));
        int total = readers * targets.size();
        try {
            run.start();
            run.awaitPlaying(Duration.ofSeconds(30));
            long playing = run.snapshot().stream().filter(ReaderSnapshot::playing).count();
            out.println("load: " + playing + "/" + total + " readers playing; warming up for " + warmup.toMillis() + " ms");
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
            out.print(report.text(targets.size() == 1 ? targets.get(0).url()
                    : targets.size() + " URLs (" + targets.get(0).url() + " ...)"));
            out.println(report.resultLine());
            out.flush();
            return report.clean() ? 0 : 1;
        } finally {
            run.stop();
        }
    }
}
