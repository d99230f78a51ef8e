package org.camgate.sim.camera;

import java.util.List;

/**
 * A pre-encoded loop of H.264 video: one access unit per frame, starting with an IDR, a whole
 * number of GOPs long. Every IDR access unit starts with SPS and PPS.
 */
record EncodedLoop(List<AccessUnit> units, byte[] sps, byte[] pps, int fps, int loopStart) {

    /** A loop played from its start, over and over. */
    EncodedLoop(List<AccessUnit> units, byte[] sps, byte[] pps, int fps) {
        this(units, sps, pps, fps, 0);
    }

    /** The unit for frame {@code n}: units play once, then repeat from {@code loopStart}. */
    AccessUnit unit(long n) {
        if (n < units.size()) {
            return units.get((int) n);
        }
        return units.get(loopStart + (int) ((n - loopStart) % (units.size() - loopStart)));
    }

    /** The NAL units of one frame, without start codes. */
    record AccessUnit(List<byte[]> nals, boolean keyframe) {
        int size() {
            return nals.stream().mapToInt(n -> n.length).sum();
        }
    }

    EncodedLoop {
        units = List.copyOf(units);
        if (units.isEmpty() || !units.get(0).keyframe()) {
            throw new IllegalArgumentException("units: must start with a keyframe");
        }
        if (loopStart < 0 || loopStart >= units.size() || !units.get(loopStart).keyframe()) {
            throw new IllegalArgumentException("loopStart: " + loopStart + " (expected: a keyframe's index)");
        }
    }

    /** profile_idc, constraint flags and level_idc in hex, as SDP's profile-level-id wants. */
    String profileLevelId() {
        return String.format("%02X%02X%02X", sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF);
    }

    /** Base64 SPS and PPS, as SDP's sprop-parameter-sets wants. */
    String spropParameterSets() {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return b64.encodeToString(sps) + "," + b64.encodeToString(pps);
    }

    long totalBytes() {
        return units.stream().mapToLong(AccessUnit::size).sum();
    }
}
