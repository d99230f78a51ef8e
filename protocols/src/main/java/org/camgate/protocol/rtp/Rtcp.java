package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;

/** Reads and rewrites RTCP sender reports (RFC 3550 6.4.1) in place, at a buffer's reader index. */
public final class Rtcp {
    public static final int SENDER_REPORT = 200;
    private static final int SENDER_REPORT_MIN = 28;

    private Rtcp() {
    }

    /** Whether the first packet of a compound RTCP packet is a well-formed sender report. */
    public static boolean isSenderReport(ByteBuf p) {
        if (p.readableBytes() < SENDER_REPORT_MIN) {
            return false;
        }
        int first = p.getUnsignedByte(p.readerIndex());
        int length = firstPacketLength(p);
        return first >> 6 == 2 && p.getUnsignedByte(p.readerIndex() + 1) == SENDER_REPORT
                && length >= SENDER_REPORT_MIN && length <= p.readableBytes();
    }

    /** Bytes of the first packet of a compound packet, from its length field. */
    public static int firstPacketLength(ByteBuf p) {
        if (p.readableBytes() < 4) {
            return -1;
        }
        return 4 * (p.getUnsignedShort(p.readerIndex() + 2) + 1);
    }

    public static long ssrc(ByteBuf p) {
        return p.getUnsignedInt(p.readerIndex() + 4);
    }

    public static long ntpTimestamp(ByteBuf p) {
        return p.getLong(p.readerIndex() + 8);
    }

    public static long rtpTimestamp(ByteBuf p) {
        return p.getUnsignedInt(p.readerIndex() + 16);
    }

    public static long packetCount(ByteBuf p) {
        return p.getUnsignedInt(p.readerIndex() + 20);
    }

    public static long octetCount(ByteBuf p) {
        return p.getUnsignedInt(p.readerIndex() + 24);
    }

    public static void setSsrc(ByteBuf p, long ssrc) {
        p.setInt(p.readerIndex() + 4, (int) ssrc);
    }

    public static void setRtpTimestamp(ByteBuf p, long timestamp) {
        p.setInt(p.readerIndex() + 16, (int) timestamp);
    }
}
