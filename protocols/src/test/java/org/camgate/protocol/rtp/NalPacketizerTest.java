package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NalPacketizerTest {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    @Test
    void smallNalUnitsAreSentWholeWithMarkerOnTheLast() {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H264, 96, 0x11223344, 65535);
        ByteBuf sps = Unpooled.wrappedBuffer(new byte[] {0x67, 0x42, (byte) 0xC0, 0x1E});
        ByteBuf idr = Unpooled.wrappedBuffer(nal(0x65, 100));
        List<ByteBuf> packets = packetizer.packetize(alloc, List.of(sps, idr), 3600);
        try {
            assertThat(packets).hasSize(2);
            ByteBuf first = packets.get(0);
            assertThat(first.getUnsignedByte(0)).isEqualTo((short) 0x80);
            assertThat(first.getUnsignedByte(1)).isEqualTo((short) 96);
            assertThat(first.getUnsignedShort(2)).isEqualTo(65535);
            assertThat(first.getInt(4)).isEqualTo(3600);
            assertThat(first.getInt(8)).isEqualTo(0x11223344);
            assertThat(first.readableBytes()).isEqualTo(12 + 4);
            assertThat(first.getByte(12)).isEqualTo((byte) 0x67);
            ByteBuf second = packets.get(1);
            assertThat(second.getUnsignedByte(1)).isEqualTo((short) (0x80 | 96));
            assertThat(second.getUnsignedShort(2)).isZero();
            assertThat(second.readableBytes()).isEqualTo(112);
            assertThat(packetizer.nextSequence()).isEqualTo(1);
            assertThat(sps.readerIndex()).isZero();
        } finally {
            packets.forEach(ByteBuf::release);
        }
    }

    @Test
    void largeNalUnitIsFragmentedAsFuA() {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H264, 96, 1, 0, 100);
        byte[] nal = nal(0x65, 250);
        List<ByteBuf> packets = packetizer.packetize(alloc, List.of(Unpooled.wrappedBuffer(nal)), 0);
        try {
            // 249 bytes after the NAL header, 98 per fragment: 98 + 98 + 53
            assertThat(packets).hasSize(3);
            ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
            for (int i = 0; i < packets.size(); i++) {
                ByteBuf p = packets.get(i);
                assertThat(p.readableBytes()).isLessThanOrEqualTo(112);
                assertThat(p.getUnsignedByte(12)).isEqualTo((short) (0x60 | 28));
                int fuHeader = p.getUnsignedByte(13);
                assertThat(fuHeader & 0x1F).isEqualTo(5);
                assertThat((fuHeader & 0x80) != 0).isEqualTo(i == 0);
                assertThat((fuHeader & 0x40) != 0).isEqualTo(i == 2);
                assertThat((p.getUnsignedByte(1) & 0x80) != 0).isEqualTo(i == 2);
                byte[] body = new byte[p.readableBytes() - 14];
                p.getBytes(14, body);
                rebuilt.writeBytes(body);
            }
            assertThat(rebuilt.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(nal, 1, nal.length));
        } finally {
            packets.forEach(ByteBuf::release);
        }
    }

    @Test
    void nalUnitOfExactlyMaxPayloadIsNotFragmented() {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H264, 96, 1, 0, 100);
        List<ByteBuf> packets = packetizer.packetize(alloc, List.of(Unpooled.wrappedBuffer(nal(0x41, 100))), 0);
        try {
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).getByte(12)).isEqualTo((byte) 0x41);
        } finally {
            packets.forEach(ByteBuf::release);
        }
    }

    @Test
    void largeH265NalUnitIsFragmentedAsFuWithTwoBytePayloadHeader() {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H265, 96, 1, 0, 100);
        // IDR_W_RADL (type 19): header 0x26 0x01.
        byte[] nal = nal(0x26, 250);
        nal[1] = 0x01;
        List<ByteBuf> packets = packetizer.packetize(alloc, List.of(Unpooled.wrappedBuffer(nal)), 0);
        try {
            // 248 bytes after the 2-byte NAL header, 97 per fragment (3 bytes of FU overhead): 97 + 97 + 54
            assertThat(packets).hasSize(3);
            ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
            for (int i = 0; i < packets.size(); i++) {
                ByteBuf p = packets.get(i);
                assertThat(p.getUnsignedByte(12)).isEqualTo((short) (49 << 1));
                assertThat(p.getUnsignedByte(13)).isEqualTo((short) 0x01);
                int fu = p.getUnsignedByte(14);
                assertThat(fu & 0x3F).isEqualTo(19);
                assertThat((fu & 0x80) != 0).isEqualTo(i == 0);
                assertThat((fu & 0x40) != 0).isEqualTo(i == 2);
                assertThat((p.getUnsignedByte(1) & 0x80) != 0).isEqualTo(i == 2);
                byte[] body = new byte[p.readableBytes() - 15];
                p.getBytes(15, body);
                rebuilt.writeBytes(body);
            }
            assertThat(rebuilt.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(nal, 2, nal.length));
            assertThat(KeyframeDetector.isKeyframeStart("H265", packets.get(0))).isTrue();
        } finally {
            packets.forEach(ByteBuf::release);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new NalPacketizer(NalCodec.H264, 128, 1, 0))
                .hasMessage("payloadType: 128 (expected: 0-127)");
        assertThatThrownBy(() -> new NalPacketizer(NalCodec.H264, 96, 1, 0, 2))
                .hasMessage("maxPayload: 2 (expected: > 2)");
    }

    private static byte[] nal(int header, int length) {
        byte[] b = new byte[length];
        b[0] = (byte) header;
        for (int i = 1; i < length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }
}
