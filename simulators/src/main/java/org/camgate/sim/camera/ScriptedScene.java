package org.camgate.sim.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scripted timeline for a simulated camera, played once from the server's start; its last group of pictures
 * then repeats (so end on a still segment). Segments, in order:
 * {@code still} (nothing changes), {@code object} (a bright block enters on the left and leaves on the right, at
 * a height given in percent of the picture), {@code face} (a drawn frontal face, as a face detector sees one, stands
 * still centred at 30 % of the width and the given height in percent, its height 45 % of the picture's),
 * {@code brightness} (the whole picture jumps by a grey-level delta
 * that stays for the rest of the timeline, as lights switching on) and {@code noise} (sensor noise of the given
 * amplitude). {@code grain} is sensor noise of that amplitude over the whole timeline, so the encoder spends
 * about the bits a real camera's stream has (0: none). Built with {@link #builder()}.
 */
public record ScriptedScene(List<Segment> segments, int grain) implements CameraScene {
    public enum Kind { STILL, OBJECT, FACE, BRIGHTNESS, NOISE }

    /** @param value object and face: vertical centre in percent; brightness: delta; noise: amplitude; still: unused */
    public record Segment(Kind kind, double seconds, int value) {
        public Segment {
            Objects.requireNonNull(kind, "kind");
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("seconds: " + seconds + " (expected: > 0)");
            }
        }
    }

    public ScriptedScene(List<Segment> segments) {
        this(segments, 0);
    }

    public ScriptedScene {
        if (grain < 0 || grain > 64) {
            throw new IllegalArgumentException("grain: " + grain + " (expected: 0 to 64)");
        }
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("segments: empty (expected: at least one)");
        }
    }

    @Override
    public double seconds() {
        return segments.stream().mapToDouble(Segment::seconds).sum();
    }

    /** Plays once; the last group of pictures then repeats. */
    @Override
    public boolean loops() {
        return false;
    }

    /** True during {@code object} segments. */
    @Override
    public boolean motionAt(double t) {
        return t >= 0 && t < seconds() && at(t, new double[1]).kind() == Kind.OBJECT;
    }

    @Override
    public FramePainter painter(int width, int height, int fps) {
        return new ScriptedSceneRenderer(this, width, height, fps)::render;
    }

    /** The segment playing at {@code t} seconds and when it began; the last one holds after the end. */
    Segment at(double t, double[] startOut) {
        double start = 0;
        for (Segment s : segments) {
            if (t < start + s.seconds()) {
                startOut[0] = start;
                return s;
            }
            start += s.seconds();
        }
        Segment last = segments.get(segments.size() - 1);
        startOut[0] = start - last.seconds();
        return last;
    }

    /** The brightness delta in effect at {@code t}: the sum of every brightness segment begun by then. */
    int brightnessAt(double t) {
        double start = 0;
        int delta = 0;
        for (Segment s : segments) {
            if (t < start) {
                break;
            }
            if (s.kind() == Kind.BRIGHTNESS) {
                delta += s.value();
            }
            start += s.seconds();
        }
        return delta;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private int grain;

        public Builder still(double seconds) {
            segments.add(new Segment(Kind.STILL, seconds, 0));
            return this;
        }

        public Builder object(double seconds, int heightPercent) {
            segments.add(new Segment(Kind.OBJECT, seconds, heightPercent));
            return this;
        }

        /** A face standing still, centred at 30 % of the width and {@code heightPercent} of the height. */
        public Builder face(double seconds, int heightPercent) {
            segments.add(new Segment(Kind.FACE, seconds, heightPercent));
            return this;
        }

        public Builder brightness(double seconds, int delta) {
            segments.add(new Segment(Kind.BRIGHTNESS, seconds, delta));
            return this;
        }

        public Builder noise(double seconds, int amplitude) {
            segments.add(new Segment(Kind.NOISE, seconds, amplitude));
            return this;
        }

        /** Sensor noise of this amplitude (grey levels) over the whole timeline, on top of every segment. */
        public Builder grain(int amplitude) {
            this.grain = amplitude;
            return this;
        }

        public ScriptedScene build() {
            return new ScriptedScene(segments, grain);
        }
    }
}
