package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.camgate.testing.NettyLeakCheck;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.testing.RtpPackets.rtp;

/** RTP (RFC 6184, RFC 7798) back to Annex B access units: round trips, aggregation, fragments, loss and bounds. */
@ExtendWith(NettyLeakCheck.class)
class NalDepacketizerTest {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final Random random = new Random(14);

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private byte[] nal(int size, int... header) {
        byte[] nal = new byte[size];
        random.nextBytes(nal);
        for (int i = 0; i < header.length; i++) {
            nal[i] = (byte) header[i];
        }
        return nal;
    }

    private static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** Packets of one access unit, copied to heap arrays (the pooled packets are released). */
    private List<byte[]> packetize(NalPacketizer packetizer, List<byte[]> nals, int timestamp) {
        return RtpPackets.copiesReleasing(packetizer.packetize(alloc, nals.stream().map(Unpooled::wrappedBuffer).toList(),
                timestamp));
    }

    private static List<NalDepacketizer.AccessUnit> feed(NalDepacketizer d, List<byte[]> packets) {
        List<NalDepacketizer.AccessUnit> units = new ArrayList<>();
        for (byte[] p : packets) {
            d.add(Unpooled.wrappedBuffer(p), units::add);
        }
        return units;
    }

    private static byte[] one(NalCodec codec, RtpPackets... packets) {
        List<ByteBuf> rtp = new ArrayList<>();
        for (RtpPackets p : packets) {
            rtp.add(p.build());
        }
        try {
            return new NalDepacketizer(codec).depacketize(rtp);
        } finally {
            rtp.forEach(ByteBuf::release);
        }
    }

    @Test
    void h264RoundTripWithThePacketizer() {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H264, 96, 7, 65530, 100);
        List<List<byte[]>> units = List.of(
                List.of(nal(12, 0x67), nal(4, 0x68), nal(950, 0x65)),
                List.of(nal(80, 0x41)),
                List.of(nal(300, 0x41), nal(100, 0x41), nal(101, 0x01)));
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            packets.addAll(packetize(packetizer, units.get(i), 3000 * i));
        }
        NalDepacketizer d = new NalDepacketizer(NalCodec.H264);
        List<NalDepacketizer.AccessUnit> out = feed(d, packets);
        assertThat(out).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(out.get(i).annexB()).isEqualTo(annexB(units.get(i)));
            assertThat(out.get(i).timestamp()).isEqualTo(3000L * i);
            assertThat(out.get(i).afterLoss()).isFalse();
        }
        assertThat(out).extracting(NalDepacketizer.AccessUnit::keyframe).containsExactly(true, false, false);
        assertThat(d.droppedForLoss()).isZero();
    }

    @Test
    void h265RoundTripWithThePacketizer() {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H265, 97, 9, 0, 120);
        // VPS (32), SPS (33), PPS (34), IDR_W_RADL (19) fragmented; then TRAIL_R (1) pictures.
        List<List<byte[]>> units = List.of(
                List.of(nal(24, 0x40, 0x01), nal(40, 0x42, 0x01), nal(8, 0x44, 0x01), nal(1000, 0x26, 0x01)),
                List.of(nal(500, 0x02, 0x01)),
                List.of(nal(121, 0x02, 0x01), nal(3, 0x02, 0x01)));
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            packets.addAll(packetize(packetizer, units.get(i), -5000 + 3000 * i));
        }
        List<NalDepacketizer.AccessUnit> out = feed(new NalDepacketizer(NalCodec.H265), packets);
        assertThat(out).extracting(NalDepacketizer.AccessUnit::annexB)
                .containsExactly(annexB(units.get(0)), annexB(units.get(1)), annexB(units.get(2)));
        assertThat(out).extracting(NalDepacketizer.AccessUnit::keyframe).containsExactly(true, false, false);
    }

    @Test
    void h264SingleNalUnitsGetStartCodes() {
        assertThat(one(NalCodec.H264, rtp().seq(10).payload(0x67, 0x42, 0x00), rtp().seq(11).payload(0x68, 0xce),
                rtp().seq(12).marker().payload(0x65, 1, 2, 3)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x42, 0x00, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65, 1, 2, 3));
    }

    @Test
    void h264StapAIsSplitIntoItsNalUnits() {
        assertThat(one(NalCodec.H264, rtp().seq(1).marker().payload(0x78, 0, 2, 0x67, 0x42, 0, 1, 0x68, 0, 3, 0x65, 7, 8)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0, 0, 0, 1, 0x65, 7, 8));
        assertThat(one(NalCodec.H264, rtp().seq(1).marker().payload(0x78, 0, 1, 0x68, 0, 9, 0x65, 7)))
                .as("a size that runs past the packet ends it; the whole units before it are kept")
                .isEqualTo(bytes(0, 0, 0, 1, 0x68));
    }

    @Test
    void h264FuAFragmentsAreReassembledWithTheNalHeaderRebuilt() {
        // FU indicator 0x7c (NRI 3, type 28); FU headers: start 0x85, middle 0x05, end 0x45 (type 5, IDR).
        assertThat(one(NalCodec.H264, rtp().seq(0xfffe).payload(0x7c, 0x85, 1, 2), rtp().seq(0xffff).payload(0x7c, 0x05, 3),
                rtp().seq(0).marker().payload(0x7c, 0x45, 4)))
                .as("across the sequence number wrap").isEqualTo(bytes(0, 0, 0, 1, 0x65, 1, 2, 3, 4));
    }

    @Test
    void h264UnsupportedPacketTypesAreSkipped() {
        // STAP-B (25) and MTAP16 (26) are for interleaved mode, which cameras do not use.
        assertThat(one(NalCodec.H264, rtp().seq(1).payload(0x79, 0, 0, 1, 0x65), rtp().seq(2).marker().payload(0x61, 9)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x61, 9));
    }

    @Test
    void h265AggregationPacketsAndFragments() {
        // AP: payload header type 48 (0x60 0x01), then VPS (type 32: 0x40 0x01) and SPS (type 33: 0x42 0x01).
        assertThat(one(NalCodec.H265, rtp().seq(5).payload(0x60, 0x01, 0, 3, 0x40, 0x01, 0xaa, 0, 2, 0x42, 0x01),
                rtp().seq(6).marker().payload(0x26, 0x01, 0xbb)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x40, 0x01, 0xaa, 0, 0, 0, 1, 0x42, 0x01, 0, 0, 0, 1, 0x26, 0x01, 0xbb));
        // FU: payload header type 49 (0x62 0x01); FU header start 0x93 / end 0x53 for type 19 (IDR_W_RADL).
        assertThat(one(NalCodec.H265, rtp().seq(1).payload(0x62, 0x01, 0x93, 1, 2), rtp().seq(2).payload(0x62, 0x01, 0x13, 3),
                rtp().seq(3).marker().payload(0x62, 0x01, 0x53, 4)))
                .isEqualTo(bytes(0, 0, 0, 1, 0x26, 0x01, 1, 2, 3, 4));
        assertThat(one(NalCodec.H265, rtp().seq(1).marker().payload(0x64, 0x01, 9, 9)))
                .as("PACI (50) is skipped").isEmpty();
    }

    @Test
    void anAccessUnitThatLostAPacketGivesNothing() {
        assertThat(one(NalCodec.H264, rtp().seq(1).payload(0x7c, 0x85, 1), rtp().seq(3).marker().payload(0x7c, 0x45, 3)))
                .as("middle fragment lost").isEmpty();
        assertThat(one(NalCodec.H264, rtp().seq(1).payload(0x61, 1), rtp().seq(3).marker().payload(0x61, 2)))
                .as("a gap between single NAL units").isEmpty();
        assertThat(one(NalCodec.H264, rtp().seq(2).payload(0x7c, 0x05, 2), rtp().seq(3).marker().payload(0x7c, 0x45, 3)))
                .as("first fragment lost with the packet before the unit").isEmpty();
        assertThat(one(NalCodec.H264, rtp().seq(1).payload(0x7c, 0x85, 1), rtp().seq(2).payload(0x7c, 0x05, 2)))
                .as("last fragment lost").isEmpty();
        assertThat(one(NalCodec.H264, rtp().seq(1).payload(0x7c, 0x85, 1), rtp().seq(2).payload(0x7c, 0x85, 2),
                rtp().seq(3).marker().payload(0x7c, 0x45, 3)))
                .as("a second start before the first unit ended").isEmpty();
        assertThat(one(NalCodec.H265, rtp().seq(1).payload(0x62, 0x01, 0x93, 1), rtp().seq(3).marker().payload(0x62, 0x01, 0x53, 4)))
                .as("H.265 fragment lost").isEmpty();
        assertThat(one(NalCodec.H264, rtp().seq(1).payload(0x61, 1), rtp().seq(2).ts(3000).marker().payload(0x61, 2)))
                .as("packets of two access units are not one").isEmpty();
    }

    @Test
    void lossDropsOnlyTheBrokenUnitAndMarksTheNext() {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H264, 96, 7, 100, 100);
        List<byte[]> first = packetize(packetizer, List.of(nal(250, 0x65)), 0);      // 3 fragments
        List<byte[]> second = packetize(packetizer, List.of(nal(250, 0x41)), 3000);  // 3 fragments
        List<byte[]> third = packetize(packetizer, List.of(nal(50, 0x41)), 6000);
        List<byte[]> fourth = packetize(packetizer, List.of(nal(50, 0x41)), 9000);
        List<byte[]> stream = new ArrayList<>();
        stream.addAll(first);
        stream.add(second.get(0));
        stream.add(second.get(2)); // the middle fragment is lost
        stream.addAll(third);
        stream.addAll(fourth.subList(1, fourth.size())); // nothing: the fourth unit is lost whole
        stream.addAll(packetize(packetizer, List.of(nal(50, 0x41)), 12000));

        NalDepacketizer d = new NalDepacketizer(NalCodec.H264);
        List<NalDepacketizer.AccessUnit> out = feed(d, stream);
        assertThat(out).extracting(NalDepacketizer.AccessUnit::timestamp).containsExactly(0L, 6000L, 12000L);
        assertThat(out).extracting(NalDepacketizer.AccessUnit::afterLoss).containsExactly(false, false, true);
        assertThat(d.droppedForLoss()).isEqualTo(1);
    }

    @Test
    void aGapBeforeTheMarkerDropsThePendingUnit() {
        NalDepacketizer d = new NalDepacketizer(NalCodec.H264);
        List<NalDepacketizer.AccessUnit> out = feed(d, List.of(
                rtp().seq(1).ts(0).payload(0x61, 1).bytes(),
                // seq 2 (the rest of the unit, with its marker) lost
                rtp().seq(3).ts(3000).marker().payload(0x61, 3).bytes()));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).timestamp()).isEqualTo(3000);
        assertThat(out.get(0).afterLoss()).isTrue();
        assertThat(d.droppedForLoss()).isEqualTo(1);
    }

    @Test
    void aMissingMarkerEndsTheUnitAtTheNextTimestampAndGarbageIsLoss() {
        NalDepacketizer d = new NalDepacketizer(NalCodec.H264);
        List<NalDepacketizer.AccessUnit> out = feed(d, List.of(
                rtp().seq(1).ts(0).payload(0x61, 1).bytes(),
                rtp().seq(2).ts(3000).payload(0x61, 2).bytes(),
                new byte[] {1, 2, 3},
                rtp().seq(3).ts(3000).marker().payload(0x61, 3).bytes()));
        assertThat(out).extracting(NalDepacketizer.AccessUnit::timestamp).containsExactly(0L);
        assertThat(d.droppedForLoss()).isEqualTo(1);
        d.end(out::add);
        assertThat(out).hasSize(1);
    }

    @Test
    void anOversizedUnitIsDroppedWholeAndTheNextOneComesThrough() {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H265, 97, 9, 0, 1000);
        List<byte[]> stream = new ArrayList<>(packetize(packetizer, List.of(nal(50_000, 0x26, 0x01)), 0));
        byte[] small = nal(900, 0x02, 0x01);
        stream.addAll(packetize(packetizer, List.of(small), 3000));
        NalDepacketizer d = new NalDepacketizer(NalCodec.H265, 10_000);
        List<NalDepacketizer.AccessUnit> out = feed(d, stream);
        assertThat(out).extracting(NalDepacketizer.AccessUnit::annexB).containsExactly(annexB(List.of(small)));
        assertThat(d.droppedForSize()).isEqualTo(1);
        assertThat(d.droppedForLoss()).isZero();
    }

    @Test
    void hostilePayloadsNeverThrow() {
        Random r = new Random(1);
        for (NalCodec codec : NalCodec.values()) {
            NalDepacketizer d = new NalDepacketizer(codec, 4096);
            for (int i = 0; i < 20_000; i++) {
                byte[] payload = new byte[r.nextInt(40)];
                r.nextBytes(payload);
                int[] ints = new int[payload.length];
                for (int k = 0; k < ints.length; k++) {
                    ints[k] = payload[k] & 0xff;
                }
                d.add(Unpooled.wrappedBuffer(rtp().seq(i).ts(i / 3).marker(r.nextInt(5) == 0).payload(ints).bytes()),
                        unit -> assertThat(unit.annexB().length).isLessThanOrEqualTo(4096));
            }
        }
    }
}
