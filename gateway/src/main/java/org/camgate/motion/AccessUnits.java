package org.camgate.motion;

import io.netty.buffer.ByteBuf;
import org.camgate.protocol.rtp.Rtp;
import org.camgate.stream.Frame;

import java.io.ByteArrayOutputStream;

/**
 * Turns a frame's RTP packets (RFC 6184 for H.264, RFC 7798 for H.265) back into one Annex-B access unit for the
 * decoder: single NAL units, aggregation packets (STAP-A, AP) and fragments (FU-A, FU) are handled; anything else
 * is skipped. Stateless.
 */
final class AccessUnits {
    private static final byte[] START = {0, 0, 0, 1};

    private AccessUnits() {
    }

    /** The access unit, or an empty array when no NAL unit could be read. */
    static byte[] annexB(Frame frame, boolean h265) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(frame.bytes() + 64);
        for (int i = 0; i < frame.packetCount(); i++) {
            ByteBuf packet = frame.packet(i);
            ByteBuf rtp = packet.slice(packet.readerIndex() + Frame.HEADER, packet.readableBytes() - Frame.HEADER);
            if (!Rtp.isValid(rtp)) {
                continue;
            }
            int start = rtp.readerIndex() + Rtp.headerLength(rtp);
            int length = Rtp.payloadLength(rtp);
            if (length <= 0) {
                continue;
            }
            byte[] payload = new byte[length];
            rtp.getBytes(start, payload);
            if (h265) {
                h265(payload, out);
            } else {
                h264(payload, out);
            }
        }
        return out.toByteArray();
    }

    private static void h264(byte[] p, ByteArrayOutputStream out) {
        int type = p[0] & 0x1f;
        if (type >= 1 && type <= 23) {
            out.writeBytes(START);
            out.write(p, 0, p.length);
        } else if (type == 24) {
            aggregated(p, 1, out);
        } else if (type == 28 && p.length > 2) {
            boolean first = (p[1] & 0x80) != 0;
            if (first) {
                out.writeBytes(START);
                out.write((p[0] & 0xe0) | (p[1] & 0x1f));
            }
            out.write(p, 2, p.length - 2);
        }
    }

    private static void h265(byte[] p, ByteArrayOutputStream out) {
        if (p.length < 3) {
            return;
        }
        int type = (p[0] >> 1) & 0x3f;
        if (type == 48) {
            aggregated(p, 2, out);
        } else if (type == 49 && p.length > 3) {
            boolean first = (p[2] & 0x80) != 0;
            if (first) {
                int fuType = p[2] & 0x3f;
                out.writeBytes(START);
                out.write((p[0] & 0x81) | (fuType << 1));
                out.write(p[1]);
            }
            out.write(p, 3, p.length - 3);
        } else if (type < 48) {
            out.writeBytes(START);
            out.write(p, 0, p.length);
        }
    }

    /** Aggregation packet: after {@code header} bytes, 16-bit sizes each followed by a NAL unit. */
    private static void aggregated(byte[] p, int header, ByteArrayOutputStream out) {
        int at = header;
        while (at + 2 <= p.length) {
            int size = ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
            at += 2;
            if (size == 0 || at + size > p.length) {
                return;
            }
            out.writeBytes(START);
            out.write(p, at, size);
            at += size;
        }
    }
}
