package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Reads and rewrites RTP headers (RFC 3550 5.1) in place, at a buffer's reader index, without
 * copying or moving indexes. Call {@link #isValid} before the accessors on untrusted input.
 */
public final class Rtp {
    public static final int FIXED_HEADER = 12;

    private Rtp() {
    }

    /** Version 2, and long enough for its header, CSRCs, extension and padding. */
    public static boolean isValid(ByteBuf packet) {
        int length = packet.readableBytes();
        if (length < FIXED_HEADER || version(packet) != 2) {
            return false;
        }
        int header = headerLength(packet);
        if (header < 0 || header > length) {
            return false;
        }
        if (padding(packet)) {
            int pad = packet.getUnsignedByte(packet.writerIndex() - 1);
            return pad > 0 && header + pad <= length;
        }
        return true;
    }

    public static int version(ByteBuf p) {
        return p.getUnsignedByte(p.readerIndex()) >> 6;
    }

    public static boolean padding(ByteBuf p) {
        return (p.getByte(p.readerIndex()) & 0x20) != 0;
    }

    public static boolean extension(ByteBuf p) {
        return (p.getByte(p.readerIndex()) & 0x10) != 0;
    }

    public static int csrcCount(ByteBuf p) {
        return p.getByte(p.readerIndex()) & 0x0f;
    }

    public static boolean marker(ByteBuf p) {
        return (p.getByte(p.readerIndex() + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuf p) {
        return p.getByte(p.readerIndex() + 1) & 0x7f;
    }

    public static int sequenceNumber(ByteBuf p) {
        return p.getUnsignedShort(p.readerIndex() + 2);
    }

    public static long timestamp(ByteBuf p) {
        return p.getUnsignedInt(p.readerIndex() + 4);
    }

    public static long ssrc(ByteBuf p) {
        return p.getUnsignedInt(p.readerIndex() + 8);
    }

    /** Bytes before the payload, or -1 when the extension header runs past the packet. */
    public static int headerLength(ByteBuf p) {
        int length = FIXED_HEADER + 4 * csrcCount(p);
        if (extension(p)) {
            if (length + 4 > p.readableBytes()) {
                return -1;
            }
            length += 4 + 4 * p.getUnsignedShort(p.readerIndex() + length + 2);
        }
        return length;
    }

    /** Payload length, excluding padding; only for packets that are {@link #isValid valid}. */
    public static int payloadLength(ByteBuf p) {
        int pad = padding(p) ? p.getUnsignedByte(p.writerIndex() - 1) : 0;
        return p.readableBytes() - headerLength(p) - pad;
    }

    public static void setSequenceNumber(ByteBuf p, int sequenceNumber) {
        p.setShort(p.readerIndex() + 2, sequenceNumber);
    }

    public static void setTimestamp(ByteBuf p, long timestamp) {
        p.setInt(p.readerIndex() + 4, (int) timestamp);
    }

    public static void setSsrc(ByteBuf p, long ssrc) {
        p.setInt(p.readerIndex() + 8, (int) ssrc);
    }
}
