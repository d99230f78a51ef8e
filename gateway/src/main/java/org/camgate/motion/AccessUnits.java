package org.camgate.motion;

import io.netty.buffer.ByteBuf;
import org.camgate.protocol.rtp.Rtp;
import org.camgate.stream.Frame;

import java.io.ByteArrayOutputStream;

/**
 * Turns a frame's RTP packets (RFC 6184 for H.264, RFC 7798 for H.265) back into one Annex-B access unit for the
 * decoder: single NAL units, aggregation packets (STAP-A, AP) and fragments (FU-A, FU) are handled; other packet
 * types (STAP-B, MTAP, PACI) are skipped. A frame that lost a packet (a gap in its sequence numbers, a fragmented
 * NAL unit without its start or end) gives no access unit at all: half a picture would decode to garbage that the
 * analysis would see as motion. Stateless.
 */
public final class AccessUnits {
    private static final byte[] START = {0, 0, 0, 1};
    private static final byte[] NONE = new byte[0];

    private AccessUnits() {
    }

    /** The access unit, or an empty array when the frame is incomplete or holds no NAL unit. */
    static byte[] annexB(Frame frame, boolean h265) {
        return annexB(frame.packets(), frame.bytes(), h265);
    }

    /** The same for a frame's packets, each with its interleaved header (e.g. a copy made for another thread). */
    public static byte[] annexB(java.util.List<ByteBuf> interleavedPackets, int bytes, boolean h265) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 64);
        boolean inFragment = false;
        int expectedSequence = -1;
        for (ByteBuf packet : interleavedPackets) {
            ByteBuf rtp = packet.slice(packet.readerIndex() + Frame.HEADER, packet.readableBytes() - Frame.HEADER);
            if (!Rtp.isValid(rtp)) {
                return NONE;
            }
            int sequence = Rtp.sequenceNumber(rtp);
            if (expectedSequence >= 0 && sequence != expectedSequence) {
                return NONE;
            }
            expectedSequence = (sequence + 1) & 0xffff;
            int length = Rtp.payloadLength(rtp);
            if (length <= 0) {
                continue;
            }
            byte[] payload = new byte[length];
            rtp.getBytes(rtp.readerIndex() + Rtp.headerLength(rtp), payload);
            int fragment = h265 ? h265(payload, out) : h264(payload, out);
            if (fragment == NOT_FRAGMENT) {
                if (inFragment) {
                    return NONE;
                }
            } else {
                boolean start = (fragment & FRAGMENT_START) != 0;
                if (start == inFragment) {
                    return NONE; // a new fragmented unit before the last one ended, or a middle without a start
                }
                inFragment = (fragment & FRAGMENT_END) == 0;
            }
        }
        return inFragment ? NONE : out.toByteArray();
    }

    private static final int NOT_FRAGMENT = -1;
    private static final int FRAGMENT_START = 1;
    private static final int FRAGMENT_END = 2;

    private static int h264(byte[] p, ByteArrayOutputStream out) {
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
            return (first ? FRAGMENT_START : 0) | ((p[1] & 0x40) != 0 ? FRAGMENT_END : 0);
        }
        return NOT_FRAGMENT;
    }

    private static int h265(byte[] p, ByteArrayOutputStream out) {
        if (p.length < 3) {
            return NOT_FRAGMENT;
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
            return (first ? FRAGMENT_START : 0) | ((p[2] & 0x40) != 0 ? FRAGMENT_END : 0);
        } else if (type < 48) {
            out.writeBytes(START);
            out.write(p, 0, p.length);
        }
        return NOT_FRAGMENT;
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

    /** The RTP sequence number of the frame's first packet, or -1 when it has none. */
    static int firstSequence(Frame frame) {
        return frame.packetCount() == 0 ? -1 : sequence(frame.packet(0));
    }

    /** The RTP sequence number of the frame's last packet, or -1 when it has none. */
    static int lastSequence(Frame frame) {
        return frame.packetCount() == 0 ? -1 : sequence(frame.packet(frame.packetCount() - 1));
    }

    private static int sequence(ByteBuf interleaved) {
        return interleaved.readableBytes() < Frame.HEADER + Rtp.FIXED_HEADER ? -1
                : interleaved.getUnsignedShort(interleaved.readerIndex() + Frame.HEADER + 2);
    }
}
