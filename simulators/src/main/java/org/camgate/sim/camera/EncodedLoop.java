package org.camgate.sim.camera;

import java.util.Base64;
import java.util.List;
import org.camgate.protocol.rtp.NalCodec;

/**
 * Pre-encoded H.264 or H.265 video: one access unit per frame, starting with a keyframe, a whole number of
 * GOPs long. Every keyframe access unit starts with the parameter sets (H.264: SPS, PPS; H.265: VPS, SPS, PPS).
 *
 * @param parameterSets the first parameter sets, in that order, for the SDP
 * @param loopStart     after the last unit, play resumes at this keyframe
 */
record EncodedLoop(NalCodec codec, List<AccessUnit> units, List<byte[]> parameterSets, int fps, int loopStart) {

    /** The NAL units of one frame, without start codes. */
    record AccessUnit(List<byte[]> nals, boolean keyframe) {
        int size() {
            return nals.stream().mapToInt(n -> n.length).sum();
        }
    }

    EncodedLoop {
        units = List.copyOf(units);
        parameterSets = List.copyOf(parameterSets);
        if (units.isEmpty() || !units.get(0).keyframe()) {
            throw new IllegalArgumentException("units: must start with a keyframe");
        }
        if (loopStart < 0 || loopStart >= units.size() || !units.get(loopStart).keyframe()) {
            throw new IllegalArgumentException("loopStart: " + loopStart + " (expected: a keyframe's index)");
        }
        if (parameterSets.size() != (codec == NalCodec.H264 ? 2 : 3)) {
            throw new IllegalArgumentException("parameterSets: " + parameterSets.size() + " for " + codec);
        }
    }

    /** The unit for frame {@code n}: units play once, then repeat from {@code loopStart}. */
    AccessUnit unit(long n) {
        if (n < units.size()) {
            return units.get((int) n);
        }
        return units.get(loopStart + (int) ((n - loopStart) % (units.size() - loopStart)));
    }

    /** The SDP format parameters: sprop-parameter-sets (RFC 6184) or sprop-vps/sps/pps (RFC 7798). */
    String fmtp() {
        Base64.Encoder b64 = Base64.getEncoder();
        if (codec == NalCodec.H264) {
            byte[] sps = parameterSets.get(0);
            return String.format("packetization-mode=1;profile-level-id=%02X%02X%02X;sprop-parameter-sets=%s,%s",
                    sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF, b64.encodeToString(sps),
                    b64.encodeToString(parameterSets.get(1)));
        }
        return "sprop-vps=" + b64.encodeToString(parameterSets.get(0)) + ";sprop-sps="
                + b64.encodeToString(parameterSets.get(1)) + ";sprop-pps=" + b64.encodeToString(parameterSets.get(2));
    }

    long totalBytes() {
        return units.stream().mapToLong(AccessUnit::size).sum();
    }
}
