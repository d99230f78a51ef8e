package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/** Builds an RTCP compound packet: a sender report (RFC 3550 6.4.1) followed by an SDES CNAME. */
final class RtcpSenderReport {
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private RtcpSenderReport() {
    }

    static ByteBuf build(ByteBufAllocator alloc, int ssrc, long unixMillis, int rtpTimestamp,
                         long packetCount, long octetCount, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.US_ASCII);
        int sdesBody = 4 + 2 + name.length + 1;
        int sdesPadded = (sdesBody + 3) & ~3;
        ByteBuf buf = alloc.buffer(28 + 4 + sdesPadded);
        buf.writeByte(0x80).writeByte(200).writeShort(6);
        buf.writeInt(ssrc);
        long seconds = unixMillis / 1000 + NTP_UNIX_OFFSET_SECONDS;
        long fraction = ((unixMillis % 1000) << 32) / 1000;
        buf.writeInt((int) seconds).writeInt((int) fraction);
        buf.writeInt(rtpTimestamp);
        buf.writeInt((int) packetCount).writeInt((int) octetCount);
        buf.writeByte(0x81).writeByte(202).writeShort(sdesPadded / 4);
        buf.writeInt(ssrc);
        buf.writeByte(1).writeByte(name.length).writeBytes(name);
        buf.writeZero(sdesPadded - sdesBody + 1);
        return buf;
    }
}
