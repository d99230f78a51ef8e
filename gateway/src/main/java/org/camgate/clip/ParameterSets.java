package org.camgate.clip;

import java.io.ByteArrayOutputStream;
import org.camgate.protocol.sdp.MediaDescription;
import org.camgate.protocol.sdp.SessionDescription;

/** The codec parameter sets (H.264 SPS/PPS, H.265 VPS/SPS/PPS) an MP4 needs, in Annex B. */
final class ParameterSets {
    private static final byte[] START = {0, 0, 0, 1};

    private ParameterSets() {
    }

    /** Those found in an Annex-B access unit (empty when none). */
    static byte[] inBand(byte[] annexB, boolean h265) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.List<Integer> starts = new java.util.ArrayList<>();
        for (int i = 0; i + 2 < annexB.length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        for (int k = 0; k < starts.size(); k++) {
            int start = starts.get(k);
            int end = k + 1 < starts.size() ? starts.get(k + 1) - 3 : annexB.length;
            while (end > start && annexB[end - 1] == 0) {
                end--;
            }
            add(annexB, start, end, h265, out);
        }
        return out.toByteArray();
    }

    private static void add(byte[] b, int start, int end, boolean h265, ByteArrayOutputStream out) {
        if (end <= start) {
            return;
        }
        int type = h265 ? (b[start] >> 1) & 0x3f : b[start] & 0x1f;
        boolean wanted = h265 ? type >= 32 && type <= 34 : type == 7 || type == 8;
        if (wanted) {
            out.writeBytes(START);
            out.write(b, start, end - start);
        }
    }

    /** Those the SDP's video section of that codec declares (RFC 6184 and 7798 {@code sprop-} parameters). */
    static byte[] fromSdp(String sdp, boolean h265) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (MediaDescription m : SessionDescription.parse(sdp == null ? "" : sdp).media()) {
                if (m.type().equals("video") && m.encoding().equalsIgnoreCase(h265 ? "H265" : "H264")) {
                    for (byte[] nal : m.parameterSets()) {
                        out.writeBytes(START);
                        out.writeBytes(nal);
                    }
                    break;
                }
            }
        } catch (IllegalArgumentException unreadable) {
            // none: the caller refuses a clip without parameter sets
        }
        return out.toByteArray();
    }
}
