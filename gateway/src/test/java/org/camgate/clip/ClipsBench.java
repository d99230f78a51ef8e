package org.camgate.clip;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;

/**
 * Benchmarks for bench/clips.sh (not a test):
 * <ol>
 *   <li>CPU of the gateway's threads (RTSP I/O and, with clips, the clip writer and I/O threads; ThreadMXBean) while
 *       one 1080p ~4 Mbit/s camera is relayed to one reader (an ffmpeg process) with the gate held open, without and
 *       with clips (the gate opened by hand for 9 s every 12 s: a ~13 s clip every 12 s, encrypted: the worst case,
 *       always recording);</li>
 *   <li>export speed: a recorded 1080p clip re-encoded by {@link ClipExporter} (run the JVM on one core).</li>
 * </ol>
 * Usage: ClipsBench [seconds] [clips-only]
 */
public final class ClipsBench {
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        SimCameraServer cameras = new SimCameraServer("127.0.0.1", 0, List.of(
                new SimCameraConfig("cam", 1920, 1080, 25, 4000, 2, false, null, null))).start();
        try {
            if (args.length > 1 && args[1].equals("clips-only")) {
                // For a profiler (JFR): only the recording case, no export.
                System.out.printf(Locale.ROOT, "proxy + clips: %.4f CPU-s per s of video%n", run(cameras, true, seconds, false));
                return;
            }
            double plain = run(cameras, false, seconds);
            double unencrypted = run(cameras, true, false, seconds, false);
            double withClips = run(cameras, true, seconds);
            System.out.printf(Locale.ROOT, "proxy alone:   %.4f CPU-s per s of video%n", plain);
            System.out.printf(Locale.ROOT, "proxy + clips, not encrypted: %.4f CPU-s per s of video (%+.1f%%)%n",
                    unencrypted, 100 * (unencrypted - plain) / plain);
            System.out.printf(Locale.ROOT, "proxy + clips: %.4f CPU-s per s of video (%+.1f%%)%n", withClips,
                    100 * (withClips - plain) / plain);
        } finally {
            cameras.stop();
        }
    }

    private static double run(SimCameraServer cameras, boolean clips, int seconds) throws Exception {
        return run(cameras, clips, true, seconds, clips);
    }

    private static double run(SimCameraServer cameras, boolean clips, int seconds, boolean export) throws Exception {
        return run(cameras, clips, true, seconds, export);
    }

    private static double run(SimCameraServer cameras, boolean clips, boolean encrypted, int seconds, boolean export)
            throws Exception {
        Path dir = Files.createTempDirectory("clips-bench");
        String yaml = """
                site: bench
                rtsp: { listen: 127.0.0.1:0, udp: { enabled: false } }
                onvif: { listen: 127.0.0.1:0 }
                audit: { file: "%s/audit.log" }
                mqtt: { broker: tcp://127.0.0.1:1, outbox: { dir: "%s/outbox" } }
                users: [ { name: nvr, password: secret, cameras: ["*"] } ]
                %s
                cameras:
                  - id: cam
                    purpose: bench
                    source: %s
                    gate: { mode: triggers, triggers: [manual], preRoll: 2s, postRoll: 2s }
                %s
                """.formatted(dir, dir, clips ? "clips: { dir: \"" + dir + "/clips\", maxLength: 30s, "
                + (encrypted ? "encryptionKey: " + KEY + ", " : "") + "listen: 127.0.0.1:0 }" : "", cameras.url("cam"), clips ? "    clips: true" : "");
        Gateway gateway = new Gateway(ConfigLoader.parse(yaml, "bench.yaml", Map.of()));
        List<Event> clipEvents = new CopyOnWriteArrayList<>();
        gateway.events().subscribe(e -> {
            if (e.event().equals("clip")) {
                clipEvents.add(e);
            }
        });
        gateway.start();
        Process reader = null;
        ScheduledExecutorService toggler = Executors.newSingleThreadScheduledExecutor();
        try {
            // The gate: open 9 s, closed by hand, shut 2 s later (post-roll), open again 1 s after: a ~13 s clip
            // (pre-roll and post-roll included) every 12 s, in both cases the same video to the reader.
            toggler.scheduleAtFixedRate(() -> manual(gateway, EventState.START), 0, 12, TimeUnit.SECONDS);
            toggler.scheduleAtFixedRate(() -> manual(gateway, EventState.END), 9, 12, TimeUnit.SECONDS);
            reader = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp", "-i",
                    "rtsp://nvr:secret@127.0.0.1:" + gateway.rtspAddress().getPort() + "/cam", "-c", "copy", "-f", "null",
                    "-").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // Warm-up: the JIT, the reader's probing, two clips (FFmpeg's libraries loaded, the first clips' code
            // compiled); then whole gate cycles are measured (use a multiple of 12 s).
            Thread.sleep(26_000);
            long frames0 = gateway.stream("cam").framesIn();
            long cpu0 = cpu();
            long writer0 = cpu("clip-writer");
            Thread.sleep(seconds * 1000L);
            long cpu = cpu() - cpu0;
            long writer = cpu("clip-writer") - writer0;
            double video = (gateway.stream("cam").framesIn() - frames0) / 25.0;
            System.out.printf(Locale.ROOT, "# %s: %.1f s of video, %.2f CPU-s in gateway threads%s%n",
                    clips ? (encrypted ? "clips" : "clips, not encrypted") : "no clips", video, cpu / 1e9, clips ? ", " + clipEvents.size() + " clips, "
                            + String.format(Locale.ROOT, "%.2f", writer / 1e9) + " CPU-s of them in the clip writer" : "");
            if (export) {
                exportSpeed(gateway, false);
                exportSpeed(gateway, true);
            }
            return cpu / 1e9 / video;
        } finally {
            toggler.shutdownNow();
            if (reader != null) {
                reader.destroy();
            }
            gateway.stop();
        }
    }

    private static void manual(Gateway gateway, EventState state) {
        gateway.events().publish(Event.of(Instant.now(), "bench", EventSource.camera("cam"), "manual", state, null,
                Map.of()));
    }

    /** The gateway's own threads: RTSP I/O (the relay and the camera loops), clip writer and clip I/O. */
    private static long cpu() {
        return cpu("rtsp-io") + cpu("clip-");
    }

    private static long cpu(String prefix) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(prefix)) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** Exports a recorded clip of 10 s or more with one mask, and with {@code blurFaces} every picture scanned for faces. */
    private static void exportSpeed(Gateway gateway, boolean blurFaces) throws Exception {
        ClipStore store = gateway.clips().store();
        ClipMeta clip = store.list().stream().filter(c -> c.duration().toMillis() >= 10_000).findFirst().orElseThrow();
        Path out = Files.createTempFile("export", ".mp4");
        long t0 = System.nanoTime();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        ClipExporter.Result r = new ClipExporter(store).export(List.of(clip),
                List.of(ClipExporter.Mask.parse("0.5,0.3,1,0.3,1,1,0.5,1")), blurFaces, "bench", out);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        System.out.printf(Locale.ROOT, "clip: %.1f s, %.2f Mbit/s%n", clip.duration().toMillis() / 1000.0,
                clip.bytes() * 8 / 1e6 / (clip.duration().toMillis() / 1000.0));
        System.out.printf(Locale.ROOT, (blurFaces ? "export --blur-faces" : "export") + ": %dx%d, %.1f s of video in %.1f s wall (%.2fx real time) on %d core(s); "
                        + "process %.1f CPU-s (%.2fx real time per core; includes the still running gateway)%n",
                r.width(), r.height(), r.seconds(), wall, r.seconds() / wall, Runtime.getRuntime().availableProcessors(),
                cpu, r.seconds() / cpu);
        Files.deleteIfExists(out);
    }
}
