package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.camgate.testing.NettyLeakCheck;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.testing.RtpPackets.rtp;

@ExtendWith(NettyLeakCheck.class)
class RtpTest {
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        buffers.forEach(ByteBuf::release);
    }

    private ByteBuf keep(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    private ByteBuf keep(RtpPackets packet) {
        return keep(packet.build());
    }

    private ByteBuf raw(int... bytes) {
        ByteBuf buf = Unpooled.buffer(bytes.length);
        for (int b : bytes) {
            buf.writeByte(b);
        }
        return keep(buf);
    }

    @Test
    void readsFixedHeaderFields() {
        ByteBuf p = keep(rtp().payloadType(97).seq(0xfffe).ts(0xfffffff0L).ssrc(0xdeadbeefL).marker().payload(1, 2, 3));

        assertThat(Rtp.isValid(p)).isTrue();
        assertThat(Rtp.version(p)).isEqualTo(2);
        assertThat(Rtp.padding(p)).isFalse();
        assertThat(Rtp.extension(p)).isFalse();
        assertThat(Rtp.csrcCount(p)).isZero();
        assertThat(Rtp.marker(p)).isTrue();
        assertThat(Rtp.payloadType(p)).isEqualTo(97);
        assertThat(Rtp.sequenceNumber(p)).isEqualTo(0xfffe);
        assertThat(Rtp.timestamp(p)).isEqualTo(0xfffffff0L);
        assertThat(Rtp.ssrc(p)).isEqualTo(0xdeadbeefL);
        assertThat(Rtp.headerLength(p)).isEqualTo(12);
        assertThat(Rtp.payloadLength(p)).isEqualTo(3);
    }

    @Test
    void markerClearAndPayloadTypeAreSeparate() {
        ByteBuf p = keep(rtp().payloadType(127).payload(1));
        assertThat(Rtp.marker(p)).isFalse();
        assertThat(Rtp.payloadType(p)).isEqualTo(127);
    }

    @Test
    void readsRelativeToReaderIndex() {
        byte[] packet = rtp().seq(4242).ts(90_000).ssrc(7).marker().payload(9, 9).bytes();
        ByteBuf p = keep(Unpooled.buffer().writeBytes(new byte[] {'$', 0, 0, (byte) packet.length}).writeBytes(packet));
        p.skipBytes(4);

        assertThat(Rtp.isValid(p)).isTrue();
        assertThat(Rtp.sequenceNumber(p)).isEqualTo(4242);
        assertThat(Rtp.timestamp(p)).isEqualTo(90_000);
        assertThat(Rtp.ssrc(p)).isEqualTo(7);
        assertThat(Rtp.marker(p)).isTrue();
        assertThat(Rtp.payloadLength(p)).isEqualTo(2);
    }

    @Test
    void csrcsLengthenTheHeader() {
        ByteBuf p = keep(rtp().csrcs(2).payload(1, 2, 3, 4));
        assertThat(Rtp.isValid(p)).isTrue();
        assertThat(Rtp.csrcCount(p)).isEqualTo(2);
        assertThat(Rtp.headerLength(p)).isEqualTo(20);
        assertThat(Rtp.payloadLength(p)).isEqualTo(4);
    }

    @Test
    void csrcsRunningPastThePacketAreInvalid() {
        // 15 CSRCs need 72 header bytes; the packet has 16.
        ByteBuf p = keep(rtp().payload(1, 2, 3, 4).build());
        p.setByte(0, 0x8f);
        assertThat(Rtp.isValid(p)).isFalse();
    }

    @Test
    void extensionLengthensTheHeader() {
        ByteBuf p = keep(rtp().csrcs(1).extension(2).payload(5, 6));
        assertThat(Rtp.isValid(p)).isTrue();
        assertThat(Rtp.extension(p)).isTrue();
        assertThat(Rtp.headerLength(p)).isEqualTo(12 + 4 + 4 + 8);
        assertThat(Rtp.payloadLength(p)).isEqualTo(2);
    }

    @Test
    void extensionWithoutItsHeaderIsInvalid() {
        ByteBuf p = raw(0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xbe, 0xde);
        assertThat(Rtp.headerLength(p)).isEqualTo(-1);
        assertThat(Rtp.isValid(p)).isFalse();
    }

    @Test
    void extensionLongerThanThePacketIsInvalid() {
        ByteBuf p = keep(rtp().extension(1).payload(1, 2).build());
        p.setShort(14, 100);
        assertThat(Rtp.isValid(p)).isFalse();
    }

    @Test
    void paddingIsExcludedFromThePayload() {
        ByteBuf p = keep(rtp().payload(1, 2, 3).padding(4));
        assertThat(Rtp.isValid(p)).isTrue();
        assertThat(Rtp.padding(p)).isTrue();
        assertThat(Rtp.payloadLength(p)).isEqualTo(3);
    }

    @Test
    void paddingFillingThePayloadExactlyIsValid() {
        ByteBuf p = keep(rtp().padding(4));
        assertThat(Rtp.isValid(p)).isTrue();
        assertThat(Rtp.payloadLength(p)).isZero();
    }

    @Test
    void zeroOrExcessivePaddingIsInvalid() {
        ByteBuf zero = keep(rtp().payload(1, 2, 3).padding(2).build());
        zero.setByte(zero.writerIndex() - 1, 0);
        assertThat(Rtp.isValid(zero)).isFalse();

        ByteBuf excessive = keep(rtp().payload(1, 2, 3).padding(2).build());
        excessive.setByte(excessive.writerIndex() - 1, 6); // 12 + 6 > 17 bytes
        assertThat(Rtp.isValid(excessive)).isFalse();
    }

    @Test
    void truncatedOrWrongVersionIsInvalid() {
        assertThat(Rtp.isValid(raw())).isFalse();
        assertThat(Rtp.isValid(raw(0x80))).isFalse();
        assertThat(Rtp.isValid(raw(0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0))).isFalse(); // 11 bytes
        assertThat(Rtp.isValid(raw(0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1))).isTrue(); // header only
        assertThat(Rtp.isValid(raw(0x40, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5))).isFalse(); // version 1
        assertThat(Rtp.isValid(raw(0xc0, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5))).isFalse(); // version 3
        assertThat(Rtp.isValid(raw('$', 0, 0, 12, 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1))).isFalse();
    }

    @Test
    void settersRewriteInPlaceWithoutTouchingTheRest() {
        ByteBuf p = keep(rtp().payloadType(96).seq(1).ts(2).ssrc(3).marker().payload(0x65, 0xaa, 0xbb));
        byte[] before = ByteBufUtil.getBytes(p);
        int reader = p.readerIndex();
        int writer = p.writerIndex();

        Rtp.setSequenceNumber(p, 0xffff);
        Rtp.setTimestamp(p, 0xfedcba98L);
        Rtp.setSsrc(p, 0x80000001L);

        assertThat(p.readerIndex()).isEqualTo(reader);
        assertThat(p.writerIndex()).isEqualTo(writer);
        assertThat(Rtp.sequenceNumber(p)).isEqualTo(0xffff);
        assertThat(Rtp.timestamp(p)).isEqualTo(0xfedcba98L);
        assertThat(Rtp.ssrc(p)).isEqualTo(0x80000001L);
        assertThat(Rtp.marker(p)).isTrue();
        assertThat(Rtp.payloadType(p)).isEqualTo(96);
        byte[] after = ByteBufUtil.getBytes(p);
        assertThat(after[0]).isEqualTo(before[0]);
        assertThat(after[1]).isEqualTo(before[1]);
        assertThat(java.util.Arrays.copyOfRange(after, 12, after.length))
                .isEqualTo(java.util.Arrays.copyOfRange(before, 12, before.length));
    }

    @Test
    void settersWorkOnASliceBehindAnInterleavedHeader() {
        ByteBuf interleaved = keep(rtp().seq(10).ts(20).ssrc(30).payload(1).interleaved(0));
        ByteBuf slice = interleaved.slice(4, interleaved.readableBytes() - 4);

        Rtp.setSequenceNumber(slice, 11);
        Rtp.setTimestamp(slice, 21);
        Rtp.setSsrc(slice, 31);

        assertThat(interleaved.getByte(0)).isEqualTo((byte) '$');
        assertThat(interleaved.getUnsignedShort(4 + 2)).isEqualTo(11);
        assertThat(interleaved.getUnsignedInt(4 + 4)).isEqualTo(21);
        assertThat(interleaved.getUnsignedInt(4 + 8)).isEqualTo(31);
    }
}
