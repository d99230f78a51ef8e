package org.camgate.sim.camera;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A camera's scripted scene encoded once to H.264 (the same {@code libopenh264} encoder as the simulated
 * camera), as Annex-B access units in memory: for benchmarks and tests that feed a decoder without a network.
 * Every keyframe carries its SPS and PPS, so the clip can be replayed from its start over and over.
 */
public final class SceneClip {
    private static final byte[] START = {0, 0, 0, 1};

    private final List<byte[]> units;
    private final boolean[] keyframes;
    private final List<List<byte[]>> nals;
    private final int fps;

    private SceneClip(List<List<byte[]>> nals, boolean[] keyframes, int fps) {
        this.fps = fps;
        this.nals = List.copyOf(nals);
        this.keyframes = keyframes.clone();
        this.units = new ArrayList<>(nals.size());
        for (List<byte[]> unit : nals) {
            units.add(annexB(unit));
        }
    }

    /**
     * A clip read from a raw H.264 elementary stream (Annex-B, as {@code ffmpeg -c:v libx264 clip.h264} writes it)
     * with one slice per picture: each slice NAL unit ends an access unit, together with the parameter sets and
     * SEI before it; an access unit with an IDR slice is a keyframe.
     */
    public static SceneClip fromAnnexB(byte[] stream, int fps) {
        List<List<byte[]>> units = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        List<byte[]> pending = new ArrayList<>();
        for (byte[] nal : org.camgate.protocol.rtp.AnnexB.split(stream)) {
            int type = nal.length == 0 ? 0 : nal[0] & 0x1f;
            if (type == 9) {
                continue; // access unit delimiter: not needed over RTP
            }
            pending.add(nal);
            if (type == 1 || type == 5) {
                units.add(List.copyOf(pending));
                keys.add(type == 5);
                pending.clear();
            }
        }
        if (units.isEmpty() || !keys.get(0)) {
            throw new IllegalArgumentException("stream: no access units starting with an IDR picture");
        }
        boolean[] keyframes = new boolean[keys.size()];
        for (int i = 0; i < keyframes.length; i++) {
            keyframes[i] = keys.get(i);
        }
        return new SceneClip(units, keyframes, fps);
    }

    private SceneClip(EncodedLoop loop, int frames) {
        this.fps = loop.fps();
        this.units = new ArrayList<>(frames);
        this.nals = new ArrayList<>(frames);
        this.keyframes = new boolean[frames];
        for (int i = 0; i < frames; i++) {
            EncodedLoop.AccessUnit unit = loop.units().get(i);
            keyframes[i] = unit.keyframe();
            nals.add(unit.nals());
            units.add(annexB(unit.nals()));
        }
    }

    /** Encodes {@code config}'s scripted scene (it must have one), rounded up to whole groups of pictures. */
    public static SceneClip encode(SimCameraConfig config) {
        Objects.requireNonNull(config.scene(), "config.scene");
        EncodedLoop loop = H264LoopEncoder.encodeScene(config);
        // The encoder appends a still group to repeat after the timeline; a clip is the timeline only.
        return new SceneClip(loop, loop.loopStart());
    }

    private static byte[] annexB(List<byte[]> nals) {
        int size = nals.stream().mapToInt(n -> n.length + START.length).sum();
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] nal : nals) {
            System.arraycopy(START, 0, out, at, START.length);
            at += START.length;
            System.arraycopy(nal, 0, out, at, nal.length);
            at += nal.length;
        }
        return out;
    }

    public int frames() {
        return units.size();
    }

    public int fps() {
        return fps;
    }

    /** Access unit {@code i} in Annex-B form (start codes before each NAL unit). Do not modify. */
    public byte[] accessUnit(int i) {
        return units.get(i);
    }

    /** The NAL units of access unit {@code i}, without start codes, as RTP packetizers want them. Do not modify. */
    public List<byte[]> nalUnits(int i) {
        return nals.get(i);
    }

    public boolean keyframe(int i) {
        return keyframes[i];
    }

    /** Encoded bytes of the whole clip (Annex-B). */
    public long bytes() {
        return units.stream().mapToLong(u -> u.length).sum();
    }

    /** Writes the clip as a raw H.264 elementary stream (what {@code ffmpeg -i clip.h264} reads). */
    public void writeAnnexB(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] unit : units) {
                out.write(unit);
            }
        }
    }
}
