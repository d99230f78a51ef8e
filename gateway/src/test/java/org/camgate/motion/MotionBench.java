package org.camgate.motion;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.camgate.config.MotionConfig;
import org.camgate.event.EventBus;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.rtp.NalPacketizer;
import org.camgate.sim.camera.SceneClip;
import org.camgate.sim.camera.ScriptedScene;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.stream.Frame;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.TestFrames;
import org.camgate.stream.TrackInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark of the motion analysis a gated camera runs (bench/motion.sh): cameras analysed per CPU core, beside the
 * bare decode of the same streams by the ffmpeg command-line tool, and memory per gated camera.
 *
 * <p>For each case (size, bitrate, keyframe interval) a 10 s scripted scene with motion is encoded once with
 * libopenh264 (as the simulated camera does), packetized into RTP frames as the gateway receives them, and replayed
 * through a real {@link MotionDetector} whose worker runs on the calling thread: access units rebuilt from RTP,
 * decoded by FFmpeg in-process, luma scaled and analysed at 5 fps. CPU time is the thread's own (ThreadMXBean).
 * The floor is {@code ffmpeg -threads 1 -i clip.h264 -f null -} on the same stream (user+sys, bash {@code time}),
 * with the process start-up cost taken out by subtracting a one-clip run.
 */
public final class MotionBench {
    private static final int FPS = 25;
    private static final long FRAME_NANOS = 1_000_000_000L / FPS;
    /** Sensor noise over the scene, so libopenh264 spends about the target bitrate as on a real camera. */
    private static final int GRAIN = Integer.getInteger("bench.grain", 3);

    /** A scripted scene to encode, or ({@code file} set) a raw H.264 file to read. */
    private record Case(int width, int height, int kbps, int gop, Path file) {
        Case(int width, int height, int kbps, int gop) {
            this(width, height, kbps, gop, null);
        }

        String name() {
            return file != null ? file.getFileName().toString() : width + "x" + height + " " + kbps + "k gop" + gop;
        }
    }

    private record Cost(double cpuSeconds, double streamSeconds, long analysed, long withMotion, long motionEvents) {
        double perCameraSecond() {
            return cpuSeconds / streamSeconds;
        }
    }

    private final double targetCpu;
    private final Path work;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private MotionBench(double targetCpu, Path work) {
        this.targetCpu = targetCpu;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        double target = 3;
        String only = "all";
        String memoryCase = "";
        boolean fileMode = false;
        List<Case> cases = new ArrayList<>(List.of(new Case(640, 360, 1000, 25), new Case(640, 360, 1000, 50),
                new Case(1920, 1080, 4000, 25), new Case(1920, 1080, 4000, 50)));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cpu-seconds" -> target = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                case "--memory-case" -> memoryCase = args[++i];
                case "--file" -> {
                    if (!fileMode) {
                        cases = new ArrayList<>();
                        fileMode = true;
                    }
                    cases.add(new Case(0, 0, 0, 0, Path.of(args[++i])));
                }
                case "--quick" -> cases = List.of(new Case(640, 360, 1000, 25), new Case(1920, 1080, 4000, 25));
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                        + " (expected: --cpu-seconds S, --only cpu|memory, --memory-case WxH, --quick, --file clip.h264 ...)");
            }
        }
        Path work = Files.createTempDirectory("camgate-motion-bench");
        try {
            MotionBench bench = new MotionBench(target, work);
            System.out.println("# camgate motion benchmark: " + System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                    + " cpus, " + ffmpegVersion());
            if (!only.equals("memory")) {
                bench.cpu(cases);
            }
            if (!only.equals("cpu")) {
                bench.memory(memoryCase);
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /** Still, an object crossing, sensor noise, another object: motion for most of the 10 s. */
    static ScriptedScene scene() {
        return ScriptedScene.builder().still(2).object(4, 50).noise(2, 4).object(2, 30).grain(GRAIN).build();
    }

    private static SceneClip encode(Case c) throws IOException {
        if (c.file() != null) {
            return SceneClip.fromAnnexB(Files.readAllBytes(c.file()), FPS);
        }
        return SceneClip.encode(new SimCameraConfig("bench", c.width(), c.height(), FPS, c.kbps(), c.gop(), false,
                null, null, scene()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // CPU

    private void cpu(List<Case> cases) throws Exception {
        System.out.println();
        System.out.println("| stream | Mbit/s | mode | analysis CPU ms per camera-s | ffmpeg floor ms per camera-s "
                + "| analysis / floor | cameras per core | analysed pictures/s | pictures with motion | motion events per clip |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Case c : cases) {
            SceneClip clip = encode(c);
            double mbps = clip.bytes() * 8.0 / (clip.frames() / (double) FPS) / 1e6;
            List<ClipFrames.Packets> frames = ClipFrames.packetize(clip, NalPacketizer.DEFAULT_MAX_PAYLOAD);
            Path one = work.resolve("clip-1.h264");
            clip.writeAnnexB(one);
            for (boolean keyframesOnly : new boolean[] {false, true}) {
                Cost analysis = analyse(clip, frames, keyframesOnly);
                int reps = (int) Math.max(3, Math.round(analysis.streamSeconds() / (clip.frames() / (double) FPS)));
                Path many = work.resolve("clip-" + reps + ".h264");
                writeRepeated(clip, many, reps);
                String skip = keyframesOnly ? "-skip_frame nokey " : "";
                double floor = ffmpegPerCameraSecond(skip, one, many, reps, clip);
                String mode = keyframesOnly ? "keyframes only" : "full decode, analyse 5 fps";
                row(c.name(), mbps, mode, analysis, floor);
                if (!keyframesOnly) {
                    double[] st = stages(frames, Math.max(1, reps / 2));
                    System.out.printf(Locale.ROOT, "| %s | %.2f | (stages, ms per camera-s: access units %.2f, "
                            + "decode of pictures not analysed, non-reference ones skipped %.2f, scale and decode of the analysed ones %.2f, analysis of a still picture %.2f, rest %.2f) | | | | | | | |%n", c.name(), mbps,
                            st[0] * 1000, st[1] * 1000, st[2] * 1000, st[3] * 1000,
                            analysis.perCameraSecond() * 1000 - (st[0] + st[1] + st[2] + st[3]) * 1000);
                    double noLoop = ffmpegPerCameraSecond("-skip_loop_filter all ", one, many, reps, clip);
                    System.out.printf(Locale.ROOT, "| %s | %.2f | (floor with -skip_loop_filter all, as the "
                            + "analysis decodes) | | %.2f | %.2f | | | | |%n", c.name(), mbps, noLoop * 1000,
                            analysis.perCameraSecond() / noLoop);
                }
                Files.delete(many);
            }
            Files.delete(one);
        }
    }

    private static void row(String name, double mbps, String mode, Cost a, double floor) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %s | %.2f | %.2f | %.2f | %.1f | %.2f | %.0f %% | %.1f |%n",
                name, mbps, mode, a.perCameraSecond() * 1000, floor * 1000, a.perCameraSecond() / floor,
                1 / a.perCameraSecond(), a.analysed() / a.streamSeconds(), 100.0 * a.withMotion() / a.analysed(),
                a.motionEvents() / (a.streamSeconds() / 10.0));
    }

    /** CPU seconds per camera-second of rebuilding access units, and of decoding them (no scaling, no analysis). */
    private double[] stages(List<ClipFrames.Packets> frames, int reps) {
        List<Frame> built = new ArrayList<>(frames.size());
        for (ClipFrames.Packets p : frames) {
            built.add(p.frame(0));
        }
        List<byte[]> units = new ArrayList<>(frames.size());
        org.camgate.protocol.rtp.NalDepacketizer depacketizer =
                new org.camgate.protocol.rtp.NalDepacketizer(org.camgate.protocol.rtp.NalCodec.H264);
        long t0 = threads.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
            units.clear();
            for (Frame f : built) {
                units.add(AccessUnits.annexB(f, depacketizer));
            }
        }
        long t1 = threads.getCurrentThreadCpuTime();
        long decode;
        long scaled;
        long analysed = 0;
        int every = FPS / MotionConfig.defaults().fps();
        try (LumaDecoder decoder = new LumaDecoder(false, MotionConfig.defaults().height())) {
            units.forEach(u -> decoder.decode(u, false));
            long t2 = threads.getCurrentThreadCpuTime();
            for (int r = 0; r < reps; r++) {
                units.forEach(u -> decoder.decode(u, false));
            }
            decode = threads.getCurrentThreadCpuTime() - t2;
            long t3 = threads.getCurrentThreadCpuTime();
            for (int r = 0; r < reps; r++) {
                for (int i = 0; i < units.size(); i++) {
                    decoder.decode(units.get(i), i % every == 0);
                }
            }
            scaled = threads.getCurrentThreadCpuTime() - t3 - decode;
            MotionAnalyzer analyzer = new MotionAnalyzer(decoder.width(), decoder.height(), MotionConfig.defaults());
            byte[] luma = decoder.luma().clone();
            int pictures = reps * units.size() / every;
            analyzer.analyse(luma);
            long t4 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < pictures; i++) {
                luma[i % luma.length] ^= 0x55;
                analyzer.analyse(luma);
            }
            analysed = threads.getCurrentThreadCpuTime() - t4;
        }
        built.forEach(Frame::release);
        double seconds = reps * frames.size() / (double) FPS;
        return new double[] {(t1 - t0) / 1e9 / seconds, decode / 1e9 / seconds, scaled / 1e9 / seconds,
            analysed / 1e9 / seconds};
    }

    /** Replays the clip through a detector: one warm-up clip, then enough clips for about the target CPU time. */
    private Cost analyse(SceneClip clip, List<ClipFrames.Packets> frames, boolean keyframesOnly) {
        MotionConfig d = MotionConfig.defaults();
        MotionConfig config = new MotionConfig(d.fps(), keyframesOnly, Optional.empty(), d.threshold(), d.minArea(),
                d.zones(), d.masks(), d.startFrames(), d.endFrames(), d.height());
        EventBus bus = new EventBus();
        AtomicInteger events = new AtomicInteger();
        bus.subscribe(e -> events.incrementAndGet());
        MotionDetector detector = new MotionDetector("bench", "bench", config, Runnable::run, Runnable::run, bus, Clock.systemUTC());
        try {
            detector.onDescription(new StreamDescription("", List.of(new TrackInfo(0, "video", "H264", 90000))));
            long[] clock = {0};
            long[] withMotion = {0};
            double warm = replay(detector, frames, 1, clock, withMotion);
            int reps = (int) Math.max(2, Math.min(1000, Math.ceil(targetCpu / Math.max(warm, 1e-3))));
            long analysedBefore = detector.analysed();
            events.set(0);
            withMotion[0] = 0;
            double cpu = replay(detector, frames, reps, clock, withMotion);
            return new Cost(cpu, reps * clip.frames() / (double) FPS, detector.analysed() - analysedBefore,
                    withMotion[0], events.get());
        } finally {
            detector.close();
        }
    }

    /** Feeds {@code reps} clips (frames built before the clock starts) and returns the CPU seconds spent. */
    private double replay(MotionDetector detector, List<ClipFrames.Packets> frames, int reps, long[] clock, long[] withMotion) {
        List<Frame> built = new ArrayList<>(reps * frames.size());
        for (int r = 0; r < reps; r++) {
            for (ClipFrames.Packets p : frames) {
                built.add(p.frame(clock[0]));
                clock[0] += FRAME_NANOS;
            }
        }
        long start = threads.getCurrentThreadCpuTime();
        long analysed = detector.analysed();
        for (Frame f : built) {
            detector.onFrame(f);
            if (detector.analysed() != analysed) {
                analysed = detector.analysed();
                withMotion[0] += detector.score() > 0 ? 1 : 0;
            }
        }
        long cpu = threads.getCurrentThreadCpuTime() - start;
        built.forEach(Frame::release);
        return cpu / 1e9;
    }

    private static void writeRepeated(SceneClip clip, Path file, int reps) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int r = 0; r < reps; r++) {
                for (int i = 0; i < clip.frames(); i++) {
                    out.write(clip.accessUnit(i));
                }
            }
        }
    }

    /** ffmpeg's CPU seconds per camera-second: (time for {@code reps} clips - time for one) / (reps - 1) clips. */
    private static double ffmpegPerCameraSecond(String options, Path one, Path many, int reps, SceneClip clip)
            throws Exception {
        double a = ffmpegCpu(options, one);
        double b = ffmpegCpu(options, many);
        return (b - a) / ((reps - 1) * clip.frames() / (double) FPS);
    }

    private static double ffmpegCpu(String options, Path file) throws Exception {
        String script = "TIMEFORMAT='%3U %3S'; time ffmpeg -nostdin -hide_banner -loglevel error -threads 1 " + options
                + "-i \"$1\" -f null - ";
        Process p = new ProcessBuilder("bash", "-c", script, "bash", file.toString()).redirectOutput(
                ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + err);
        }
        String[] lines = err.split("\n");
        String[] t = lines[lines.length - 1].trim().split(" ");
        return Double.parseDouble(t[0]) + Double.parseDouble(t[1]);
    }

    private static String ffmpegVersion() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-version").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("ffmpeg ?");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the ffmpeg command-line tool is needed (apt-get install ffmpeg)", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Memory

    /**
     * N gated cameras, each with a running motion detector (FFmpeg decoder and analysis buffers) that has decoded
     * 4 s of the camera's stream, and a 3 s pre-roll buffer holding those 4 s of frames in pooled direct memory, as
     * the gateway keeps them. Heap (after GC), Netty direct memory and process RSS before and after, divided by N.
     * Run one case per JVM ({@code --memory-case}): the pool keeps freed chunks, which a second case would reuse.
     */
    private void memory(String only) throws Exception {
        System.out.println();
        System.out.println("| stream | Mbit/s | cameras | heap KB per camera | pre-roll KB held per camera "
                + "| Netty pooled direct growth KB per camera | RSS growth KB per camera (native: FFmpeg, direct) "
                + "| heap + RSS growth KB per camera | pre-roll bound KB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Case c : List.of(new Case(640, 360, 1000, 25), new Case(1920, 1080, 4000, 25))) {
            if (!only.isEmpty() && !only.equals(c.width() + "x" + c.height())) {
                continue;
            }
            SceneClip clip = encode(c);
            double mbps = clip.bytes() * 8.0 / (clip.frames() / (double) FPS) / 1e6;
            List<ClipFrames.Packets> frames = ClipFrames.packetize(clip, NalPacketizer.DEFAULT_MAX_PAYLOAD);
            int n = c.height() > 720 ? 10 : 40;
            int fed = 4 * FPS;
            settle();
            long heap0 = heapUsed();
            long direct0 = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            long rss0 = rssKb();
            List<MotionDetector> detectors = new ArrayList<>();
            List<TestFrames.PreRoll> preRolls = new ArrayList<>();
            for (int cam = 0; cam < n; cam++) {
                MotionDetector detector = new MotionDetector("cam" + cam, "bench", MotionConfig.defaults(),
                        Runnable::run, Runnable::run, new EventBus(), Clock.systemUTC());
                detector.onDescription(new StreamDescription("", List.of(new TrackInfo(0, "video", "H264", 90000))));
                TestFrames.PreRoll preRoll = TestFrames.preRoll(0, 3_000_000_000L, 16L * 1024 * 1024);
                for (int i = 0; i < fed; i++) {
                    ClipFrames.Packets p = frames.get(i % frames.size());
                    ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(p.data().readableBytes());
                    direct.writeBytes(p.data(), p.data().readerIndex(), p.data().readableBytes());
                    Frame f = TestFrames.wrap(0, p.keyframe(), direct, p.offsets(), i * FRAME_NANOS);
                    detector.onFrame(f);
                    preRoll.add(f);
                    f.release();
                }
                detectors.add(detector);
                preRolls.add(preRoll);
            }
            settle();
            long heap = heapUsed() - heap0;
            long direct = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - direct0;
            long rss = rssKb() - rss0;
            long preRollBytes = preRolls.stream().mapToLong(TestFrames.PreRoll::bytes).sum();
            // Bound: 3 s back to the keyframe before them, i.e. up to one more group, at the stream's rate.
            double bound = (3.0 + c.gop() / (double) FPS) * clip.bytes() / (clip.frames() / (double) FPS) / 1024;
            System.out.printf(Locale.ROOT, "| %s | %.2f | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                    c.name(), mbps, n, heap / 1024.0 / n, preRollBytes / 1024.0 / n,
                    direct / 1024.0 / n, rss / (double) n, heap / 1024.0 / n + rss / (double) n, bound);
            detectors.forEach(MotionDetector::close);
            preRolls.forEach(TestFrames.PreRoll::clear);
        }
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
