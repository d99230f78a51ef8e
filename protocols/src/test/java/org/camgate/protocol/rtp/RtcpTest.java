package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.testing.RtpPackets.senderReport;

@ExtendWith(NettyLeakCheck.class)
class RtcpTest {
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        buffers.forEach(ByteBuf::release);
    }

    private ByteBuf keep(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    private static ByteBuf sdes(long ssrc) {
        // An SDES-like packet of 12 bytes (length field 2): only its header matters here.
        return Unpooled.buffer().writeByte(0x81).writeByte(202).writeShort(2).writeInt((int) ssrc)
                .writeByte(1).writeByte(2).writeByte('a').writeByte('b');
    }

    @Test
    void readsSenderReportFields() {
        ByteBuf sr = keep(senderReport(0xcafebabeL, 0x0102030405060708L, 0xfffffff0L, 1000, 0x80000000L));

        assertThat(Rtcp.isSenderReport(sr)).isTrue();
        assertThat(Rtcp.firstPacketLength(sr)).isEqualTo(28);
        assertThat(Rtcp.ssrc(sr)).isEqualTo(0xcafebabeL);
        assertThat(Rtcp.ntpTimestamp(sr)).isEqualTo(0x0102030405060708L);
        assertThat(Rtcp.rtpTimestamp(sr)).isEqualTo(0xfffffff0L);
        assertThat(Rtcp.packetCount(sr)).isEqualTo(1000);
        assertThat(Rtcp.octetCount(sr)).isEqualTo(0x80000000L);
    }

    @Test
    void compoundPacketReportsItsFirstPacketLength() {
        ByteBuf compound = keep(Unpooled.buffer());
        ByteBuf sr = senderReport(1, 2, 3, 4, 5);
        ByteBuf sdes = sdes(1);
        compound.writeBytes(sr).writeBytes(sdes);
        sr.release();
        sdes.release();

        assertThat(compound.readableBytes()).isEqualTo(40);
        assertThat(Rtcp.isSenderReport(compound)).isTrue();
        assertThat(Rtcp.firstPacketLength(compound)).isEqualTo(28);
    }

    @Test
    void senderReportWithReceptionBlockIsLonger() {
        // RC=1: 28 + 24 bytes, length field 12.
        ByteBuf sr = keep(Unpooled.buffer().writeByte(0x81).writeByte(200).writeShort(12).writeInt(9)
                .writeLong(0).writeInt(0).writeInt(0).writeInt(0).writeZero(24));
        assertThat(Rtcp.isSenderReport(sr)).isTrue();
        assertThat(Rtcp.firstPacketLength(sr)).isEqualTo(52);
    }

    @Test
    void otherPacketTypesAreNotSenderReports() {
        ByteBuf rr = keep(senderReport(1, 2, 3, 4, 5));
        rr.setByte(1, 201);
        assertThat(Rtcp.isSenderReport(rr)).isFalse();

        ByteBuf sdesFirst = keep(Unpooled.buffer());
        ByteBuf sdes = sdes(1);
        ByteBuf sr = senderReport(1, 2, 3, 4, 5);
        sdesFirst.writeBytes(sdes).writeBytes(sr);
        sdes.release();
        sr.release();
        assertThat(Rtcp.isSenderReport(sdesFirst)).isFalse();
        assertThat(Rtcp.firstPacketLength(sdesFirst)).isEqualTo(12);
    }

    @Test
    void wrongVersionOrBadLengthIsRejected() {
        ByteBuf version1 = keep(senderReport(1, 2, 3, 4, 5));
        version1.setByte(0, 0x40);
        assertThat(Rtcp.isSenderReport(version1)).isFalse();

        ByteBuf tooLong = keep(senderReport(1, 2, 3, 4, 5));
        tooLong.setShort(2, 7); // claims 32 bytes, has 28
        assertThat(Rtcp.isSenderReport(tooLong)).isFalse();

        ByteBuf tooShortField = keep(senderReport(1, 2, 3, 4, 5));
        tooShortField.setShort(2, 5); // claims 24 bytes, less than a sender report
        assertThat(Rtcp.isSenderReport(tooShortField)).isFalse();

        ByteBuf truncated = keep(senderReport(1, 2, 3, 4, 5));
        truncated.writerIndex(27);
        assertThat(Rtcp.isSenderReport(truncated)).isFalse();
    }

    @Test
    void firstPacketLengthNeedsFourBytes() {
        assertThat(Rtcp.firstPacketLength(keep(Unpooled.buffer().writeByte(0x80).writeByte(200).writeByte(0))))
                .isEqualTo(-1);
        assertThat(Rtcp.firstPacketLength(keep(Unpooled.buffer().writeByte(0x80).writeByte(200).writeShort(0))))
                .isEqualTo(4);
        assertThat(Rtcp.isSenderReport(keep(Unpooled.buffer()))).isFalse();
    }

    @Test
    void readsRelativeToReaderIndex() {
        ByteBuf framed = keep(Unpooled.buffer().writeByte('$').writeByte(1).writeShort(28));
        ByteBuf sr = senderReport(77, 0, 123, 0, 0);
        framed.writeBytes(sr);
        sr.release();
        framed.skipBytes(4);

        assertThat(Rtcp.isSenderReport(framed)).isTrue();
        assertThat(Rtcp.ssrc(framed)).isEqualTo(77);
        assertThat(Rtcp.rtpTimestamp(framed)).isEqualTo(123);
    }

    @Test
    void settersRewriteInPlace() {
        ByteBuf sr = keep(senderReport(1, 0x1111222233334444L, 3, 4, 5));

        Rtcp.setSsrc(sr, 0xfeedfaceL);
        Rtcp.setRtpTimestamp(sr, 0xffffffffL);

        assertThat(sr.readerIndex()).isZero();
        assertThat(sr.writerIndex()).isEqualTo(28);
        assertThat(Rtcp.ssrc(sr)).isEqualTo(0xfeedfaceL);
        assertThat(Rtcp.rtpTimestamp(sr)).isEqualTo(0xffffffffL);
        assertThat(Rtcp.ntpTimestamp(sr)).isEqualTo(0x1111222233334444L);
        assertThat(Rtcp.packetCount(sr)).isEqualTo(4);
        assertThat(Rtcp.octetCount(sr)).isEqualTo(5);
        assertThat(Rtcp.isSenderReport(sr)).isTrue();
    }
}
