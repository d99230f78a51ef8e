package org.camgate.sensor.thermal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import org.camgate.event.EventState;
import org.camgate.sensor.common.DetectionSink;
import org.camgate.sensor.common.FrameDetector;
import org.camgate.sensor.common.Latch;
import org.camgate.sensor.common.Measurements;
import org.camgate.sensor.common.Polygon;

/**
 * Thermal detections per zone: fire (hottest pixel at or above a temperature, or rising at least a rate over a
 * window; it ends below the temperature minus the hysteresis) and presence (a 4-connected blob of body-temperature
 * pixels of at least {@code minPixels}). Events carry the hottest temperature and blob size, never the image or a
 * person's temperature. Runs on one thread.
 */
final class ThermalDetector implements FrameDetector<ThermalFrame> {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ThermalDetector.class);
    /** Rise-rate samples kept per zone (bounded whatever the frame rate). */
    static final int MAX_SAMPLES = 1024;

    private final Duration hold;
    private final double hysteresis;
    private final Zone[] zones;
    private int width = -1;
    private int height = -1;
    private int[] queue = new int[0];
    private int[] mark = new int[0];
    private int markGeneration;

    ThermalDetector(ThermalSettings config) {
        this.hold = config.hold();
        this.hysteresis = config.temperatureHysteresis();
        this.zones = new Zone[config.zones().size()];
        for (int i = 0; i < zones.length; i++) {
            zones[i] = new Zone(config.zones().get(i));
        }
    }

    @Override
    public void onFrame(ThermalFrame frame, Instant now, DetectionSink sink) {
        if (frame.width() != width || frame.height() != height) {
            width = frame.width();
            height = frame.height();
            int n = width * height;
            queue = new int[n];
            mark = new int[n];
            markGeneration = 0;
            for (Zone z : zones) {
                z.layout(width, height);
            }
        }
        for (Zone z : zones) {
            z.update(frame.centiKelvin(), now, sink);
        }
    }

    @Override
    public void reset() {
        for (Zone z : zones) {
            z.samples.clear();
        }
    }

    private final class Zone {
        private final ThermalZone config;
        private final Polygon polygon;
        private final int minCk;
        private final int maxCk;
        private final Latch fire = new Latch(hold);
        private final Latch presence = new Latch(hold);
        /** Pixel indexes inside the zone, for the current frame size. */
        private int[] pixels = new int[0];
        /** zoneMember[i] == true when pixel i is inside. */
        private boolean[] member = new boolean[0];
        private final ArrayDeque<double[]> samples = new ArrayDeque<>();
        private double peak;

        Zone(ThermalZone config) {
            this.config = config;
            this.polygon = new Polygon(config.polygon());
            this.minCk = ThermalFrame.centiKelvin(config.bodyMin());
            this.maxCk = ThermalFrame.centiKelvin(config.bodyMax());
        }

        /** Pixel (c, r) is inside when its centre (c + 0.5, r + 0.5) is; a zone edge on integer coordinates splits pixels cleanly. */
        void layout(int w, int h) {
            member = new boolean[w * h];
            int count = 0;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    if (polygon.contains(c + 0.5, r + 0.5)) {
                        member[r * w + c] = true;
                        count++;
                    }
                }
            }
            pixels = new int[count];
            for (int i = 0, k = 0; i < member.length; i++) {
                if (member[i]) {
                    pixels[k++] = i;
                }
            }
            samples.clear();
            if (count == 0) {
                log.warn("thermal zone {} has no pixel inside a {}x{} frame: it detects nothing", config.id(), w, h);
            }
        }

        void update(short[] ck, Instant now, DetectionSink sink) {
            if (pixels.length == 0) {
                return;
            }
            if (config.fireTemperature() != null || config.riseRate() != null) {
                fire(ck, now, sink);
            }
            if (config.presence()) {
                presence(ck, now, sink);
            }
        }

        private void fire(short[] ck, Instant now, DetectionSink sink) {
            int hottest = 0;
            for (int i : pixels) {
                int v = ck[i] & 0xFFFF;
                if (v > hottest) {
                    hottest = v;
                }
            }
            double max = hottest / 100.0 - 273.15;
            double rate = rise(max, now);
            Double limit = config.fireTemperature();
            double threshold = limit == null ? Double.MAX_VALUE : fire.active() ? limit - hysteresis : limit;
            boolean hot = max >= threshold || (config.riseRate() != null && rate >= config.riseRate());
            switch (fire.update(hot, now)) {
                case START -> {
                    peak = max;
                    sink.emit("fire", EventState.START, config.id(),
                            Map.of("temperature", Measurements.round1(max), "riseRate", Measurements.round1(rate)));
                }
                case END -> sink.emit("fire", EventState.END, config.id(),
                        Map.of("temperature", Measurements.round1(max), "peakTemperature", Measurements.round1(peak)));
                default -> peak = Math.max(peak, max);
            }
        }

        /** Degrees per minute between the oldest sample within the window and now (0 until a second has passed). */
        private double rise(double max, Instant now) {
            double t = now.toEpochMilli() / 1000.0;
            samples.addLast(new double[] {t, max});
            double window = config.riseWindow().toMillis() / 1000.0;
            while (samples.size() > MAX_SAMPLES || (samples.size() > 1 && t - samples.peekFirst()[0] > window)) {
                samples.removeFirst();
            }
            double[] oldest = samples.peekFirst();
            double elapsed = t - oldest[0];
            return elapsed >= 1.0 ? (max - oldest[1]) / elapsed * 60.0 : 0.0;
        }

        private void presence(short[] ck, Instant now, DetectionSink sink) {
            int largest = largestBlob(ck);
            switch (presence.update(largest >= config.minPixels(), now)) {
                case START -> sink.emit("presence", EventState.START, config.id(), Map.of("pixels", largest));
                case END -> sink.emit("presence", EventState.END, config.id(),
                        Map.of("seconds", Measurements.seconds(Duration.between(presence.since(), now))));
                default -> { }
            }
        }

        private int largestBlob(short[] ck) {
            if (++markGeneration == Integer.MAX_VALUE) {
                java.util.Arrays.fill(mark, 0);
                markGeneration = 1;
            }
            int gen = markGeneration;
            int largest = 0;
            for (int start : pixels) {
                if (mark[start] == gen || !body(ck[start])) {
                    continue;
                }
                int head = 0;
                int tail = 0;
                queue[tail++] = start;
                mark[start] = gen;
                while (head < tail) {
                    int i = queue[head++];
                    int r = i / width;
                    int c = i - r * width;
                    if (c > 0) {
                        tail = visit(ck, i - 1, gen, tail);
                    }
                    if (c < width - 1) {
                        tail = visit(ck, i + 1, gen, tail);
                    }
                    if (r > 0) {
                        tail = visit(ck, i - width, gen, tail);
                    }
                    if (r < height - 1) {
                        tail = visit(ck, i + width, gen, tail);
                    }
                }
                largest = Math.max(largest, tail);
            }
            return largest;
        }

        private int visit(short[] ck, int i, int gen, int tail) {
            if (member[i] && mark[i] != gen && body(ck[i])) {
                mark[i] = gen;
                queue[tail++] = i;
            }
            return tail;
        }

        private boolean body(short v) {
            int k = v & 0xFFFF;
            return k >= minCk && k <= maxCk;
        }
    }
}
