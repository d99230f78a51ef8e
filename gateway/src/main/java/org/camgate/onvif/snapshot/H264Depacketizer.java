package org.camgate.onvif.snapshot;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Turns the RTP packets of one H.264 access unit (RFC 6184: single NAL, STAP-A, FU-A) into an Annex B byte stream. */
public final class H264Depacketizer {
    private static final byte[] START = {0, 0, 0, 1};

    private H264Depacketizer() {
    }

    /**
     * @param parameterSets NAL units to put first (SPS and PPS from the SDP), may be empty
     * @param rtpPackets    whole RTP packets in sequence order
     */
    public static byte[] annexB(List<byte[]> parameterSets, List<byte[]> rtpPackets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : parameterSets) {
            out.writeBytes(START);
            out.writeBytes(nal);
        }
        for (byte[] p : rtpPackets) {
            int offset = payloadOffset(p);
            if (offset < 0 || offset >= p.length) {
                continue;
            }
            int type = p[offset] & 0x1f;
            if (type >= 1 && type <= 23) {
                out.writeBytes(START);
                out.write(p, offset, p.length - offset);
            } else if (type == 24) { // STAP-A
                int i = offset + 1;
                while (i + 2 <= p.length) {
                    int size = ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
                    i += 2;
                    if (size == 0 || i + size > p.length) {
                        break;
                    }
                    out.writeBytes(START);
                    out.write(p, i, size);
                    i += size;
                }
            } else if (type == 28 && offset + 2 <= p.length) { // FU-A
                int fuHeader = p[offset + 1] & 0xff;
                if ((fuHeader & 0x80) != 0) {
                    out.writeBytes(START);
                    out.write((p[offset] & 0xe0) | (fuHeader & 0x1f));
                }
                out.write(p, offset + 2, p.length - offset - 2);
            }
        }
        return out.toByteArray();
    }

    /** Start of the RTP payload, or -1 for a malformed packet. */
    static int payloadOffset(byte[] p) {
        if (p.length < 12 || (p[0] & 0xc0) != 0x80) {
            return -1;
        }
        int offset = 12 + 4 * (p[0] & 0x0f);
        if ((p[0] & 0x10) != 0) {
            if (offset + 4 > p.length) {
                return -1;
            }
            offset += 4 + 4 * (((p[offset + 2] & 0xff) << 8) | (p[offset + 3] & 0xff));
        }
        return offset;
    }
}
