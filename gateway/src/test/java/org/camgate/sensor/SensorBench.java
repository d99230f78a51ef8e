package org.camgate.sensor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.DetectionSink;
import org.camgate.sensor.common.Point2;
import org.camgate.sensor.lidar.Box3;
import org.camgate.sensor.lidar.LidarInput;
import org.camgate.sensor.lidar.LidarSettings;
import org.camgate.sensor.lidar.LidarZone;
import org.camgate.sensor.thermal.ThermalInput;
import org.camgate.sensor.thermal.ThermalSettings;
import org.camgate.sensor.thermal.ThermalZone;
import org.camgate.sim.sensor.SensorWire;

/**
 * Single-thread throughput of the sensor path, datagram bytes in to detections out (parse, reassembly, detectors):
 * LiDAR points/s (100,000-point frames, four occupancy zones) and thermal 160x120 frames/s (fire and presence over
 * the whole frame). Run by {@code bench/sensors.sh}; one thread, so the figures are per core.
 */
public final class SensorBench {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private SensorBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        System.out.printf(Locale.ROOT, "java %s, %d cores; %.0f s per measurement after %.0f s warm-up%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), seconds, seconds);
        lidar(seconds);
        thermal(seconds);
        udp(seconds);
    }

    /**
     * End to end on loopback: one thread sends LiDAR frames (20,000 points in 5 datagrams) to a running
     * {@link SensorService}, keeping at most 8 frames in flight beyond what the service has accepted (so the
     * socket buffer never overflows); reports the sustained points/s and any loss. Sender, kernel and receiver share
     * the machine's cores, so this is a whole-machine figure, not per core.
     */
    private static void udp(double seconds) throws Exception {
        int points = 20_000;
        float[] xyzi = new float[points * 4];
        Random r = new Random(2);
        for (int i = 0; i < xyzi.length; i++) {
            xyzi[i] = (float) (r.nextDouble() * 10);
        }
        LidarSettings cfg = new LidarSettings(new CommonSettings("udp", URI.create("udp://127.0.0.1:0"), Duration.ofSeconds(5),
                Duration.ofSeconds(1), List.of(), true), 0.2, List.of(new LidarZone("a", null, new Box3(0, 0, 0, 5, 5, 5), 20, 3, null, null)));
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        SensorService service = new SensorService(List.of(cfg), "bench", new org.camgate.event.EventBus(), registry,
                java.time.Clock.systemUTC(), org.camgate.access.TestPolicies.forSensors(cfg));
        service.start();
        List<byte[]> packets = SensorWire.lidar(0, xyzi, points, SensorWire.LIDAR_POINTS_PER_PACKET);
        int window = 8 * packets.size();
        try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
            ch.connect(service.address("udp"));
            for (int pass = 0; pass < 2; pass++) {          // warm-up, then measure
                long sent = 0;
                long frame = pass * 1_000_000L;
                double base = service.packets("udp", "accepted");
                long t0 = System.nanoTime();
                long end = t0 + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    frame++;
                    while (sent - (service.packets("udp", "accepted") - base) > window) {
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                    }
                    for (byte[] p : packets) {
                        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(p).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                        b.putInt(8, (int) frame);
                        ch.write(b);
                        sent++;
                    }
                }
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (service.packets("udp", "accepted") - base < sent && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                double elapsed = (System.nanoTime() - t0) / 1e9;
                double accepted = service.packets("udp", "accepted") - base;
                if (pass == 1) {
                    System.out.printf(Locale.ROOT, "udp     lidar over loopback (20,000-point frames, 8 in flight): %,.0f datagrams/s,"
                                    + " %,.0f frames/s = %,.2f million points/s end to end (whole machine), %d datagrams lost%n",
                            accepted / elapsed, accepted / packets.size() / elapsed,
                            accepted / packets.size() * points / elapsed / 1e6, sent - (long) accepted);
                }
            }
        } finally {
            service.stop();
        }
    }

    private static CommonSettings common() {
        return new CommonSettings("bench", URI.create("udp://127.0.0.1:1"), Duration.ofSeconds(5), Duration.ofSeconds(1),
                List.of(), true);
    }

    private static void lidar(double seconds) throws Exception {
        int points = 100_000;
        Random r = new Random(1);
        float[] xyzi = new float[points * 4];
        for (int i = 0; i < points; i++) {
            boolean ground = i % 3 != 0;
            xyzi[i * 4] = (float) (r.nextDouble() * 40 - 20);
            xyzi[i * 4 + 1] = (float) (r.nextDouble() * 40 - 20);
            xyzi[i * 4 + 2] = ground ? (float) (r.nextDouble() * 0.1) : (float) (0.3 + r.nextDouble() * 2);
            xyzi[i * 4 + 3] = r.nextFloat();
        }
        List<LidarZone> zones = List.of(
                new LidarZone("box-a", null, new Box3(0, 0, 0, 2, 2, 2.5), 20, 3, Duration.ofSeconds(30), null),
                new LidarZone("box-b", null, new Box3(-10, -10, 0, -5, -5, 3), 20, 3, null, null),
                new LidarZone("poly-a", List.of(new Point2(5, 5), new Point2(15, 5), new Point2(15, 15), new Point2(5, 15)),
                        null, 20, 3, null, null),
                new LidarZone("poly-b", List.of(new Point2(-15, 5), new Point2(-5, 5), new Point2(-10, 15)), null, 20, 3, null, null));
        List<ByteBuf> packets = new ArrayList<>();
        for (byte[] p : SensorWire.lidar(0, xyzi, points, SensorWire.LIDAR_POINTS_PER_PACKET)) {
            packets.add(Unpooled.wrappedBuffer(p));
        }
        LidarInput input = new LidarInput(new LidarSettings(common(), 0.2, zones));
        long[] events = {0};
        DetectionSink sink = (e, s, z, d) -> events[0]++;
        long frame = 0;
        long frames = 0;
        long start = System.nanoTime();
        long warmEnd = start + (long) (seconds * 1e9);
        long end = warmEnd + (long) (seconds * 1e9);
        long measuredFrom = 0;
        long measuredFrames = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (measuredFrom == 0 && now >= warmEnd) {
                measuredFrom = now;
                measuredFrames = frames;
            }
            frame++;
            Instant t = T0.plusMillis(frame * 100);
            for (ByteBuf b : packets) {
                b.setIntLE(b.readerIndex() + 8, (int) frame);
                input.onDatagram(b, t, sink);
            }
            frames++;
        }
        double elapsed = (System.nanoTime() - measuredFrom) / 1e9;
        double fps = (frames - measuredFrames) / elapsed;
        System.out.printf(Locale.ROOT, "lidar   %,d points/frame in %d datagrams, 4 occupancy zones: %,.0f frames/s = %,.2f million points/s per core%n",
                points, packets.size(), fps, fps * points / 1e6);
        packets.forEach(ByteBuf::release);
    }

    private static void thermal(double seconds) throws Exception {
        int w = 160;
        int h = 120;
        short[] px = new short[w * h];
        Arrays.fill(px, SensorWire.centiKelvin(21));
        for (int r = 40; r < 60; r++) {
            for (int c = 30; c < 38; c++) {
                px[r * w + c] = SensorWire.centiKelvin(33);     // a person-sized warm blob
            }
        }
        px[100 * w + 120] = SensorWire.centiKelvin(90);         // a hot spot
        List<Point2> all = List.of(new Point2(0, 0), new Point2(w, 0), new Point2(w, h), new Point2(0, h));
        ThermalInput input = new ThermalInput(new ThermalSettings(common(), 5, List.of(
                new ThermalZone("all", all, 80.0, 20.0, Duration.ofSeconds(30), true, 28, 40, 4))));
        List<ByteBuf> packets = new ArrayList<>();
        for (byte[] p : SensorWire.thermal(0, w, h, px, SensorWire.THERMAL_PIXELS_PER_PACKET)) {
            packets.add(Unpooled.wrappedBuffer(p));
        }
        DetectionSink sink = (e, s, z, d) -> { };
        long frame = 0;
        long frames = 0;
        long start = System.nanoTime();
        long warmEnd = start + (long) (seconds * 1e9);
        long end = warmEnd + (long) (seconds * 1e9);
        long measuredFrom = 0;
        long measuredFrames = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (measuredFrom == 0 && now >= warmEnd) {
                measuredFrom = now;
                measuredFrames = frames;
            }
            frame++;
            Instant t = T0.plusMillis(frame * 111);
            for (ByteBuf b : packets) {
                b.setIntLE(b.readerIndex() + 12, (int) frame);
                input.onDatagram(b, t, sink);
            }
            frames++;
        }
        double elapsed = (System.nanoTime() - measuredFrom) / 1e9;
        double fps = (frames - measuredFrames) / elapsed;
        System.out.printf(Locale.ROOT, "thermal 160x120 in %d datagrams, fire + presence over the frame: %,.0f frames/s per core = %.0f sensors at 9 fps%n",
                packets.size(), fps, fps / 9);
        packets.forEach(ByteBuf::release);
    }
}
