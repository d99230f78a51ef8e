package org.camgate.protocol.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.camgate.testing.FuzzDeadline;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link NalDepacketizer} with a camera's RTP stream, H.264 and H.265 alike: the input is cut into packets
 * (a length byte, a flags byte for the marker, a timestamp step and a sequence skip, then the payload). The
 * contract: it never throws, and every access unit it gives is Annex B (a start code first) within the bound.
 *
 * <p>Plain test runs replay {@code NalDepacketizerFuzzTestInputs/stream/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class NalDepacketizerFuzzTest {
    private static final int MAX_BYTES = 2048;

    @FuzzTest(maxDuration = "2m")
    void stream(byte[] input) throws Exception {
        FuzzDeadline.run(() -> {
            for (NalCodec codec : NalCodec.values()) {
                check(codec, input);
            }
        });
    }

    private static void check(NalCodec codec, byte[] input) {
        NalDepacketizer depacketizer = new NalDepacketizer(codec, MAX_BYTES);
        List<NalDepacketizer.AccessUnit> units = new ArrayList<>();
        int sequence = 0;
        long timestamp = 0;
        int at = 0;
        while (at + 2 <= input.length) {
            int length = Math.min(input[at] & 0xFF, input.length - at - 2);
            int flags = input[at + 1] & 0xFF;
            sequence += 1 + ((flags & 0x06) == 0x06 ? 1 : 0);
            timestamp += (flags & 0x08) != 0 ? 3000 : 0;
            ByteBuf packet = Unpooled.buffer(12 + length).writeByte(0x80).writeByte(((flags & 1) << 7) | 96)
                    .writeShort(sequence).writeInt((int) timestamp).writeInt((flags & 0x10) != 0 ? 2 : 1)
                    .writeBytes(input, at + 2, length);
            depacketizer.add(packet, units::add);
            at += 2 + length;
        }
        depacketizer.end(units::add);
        for (NalDepacketizer.AccessUnit unit : units) {
            assertThat(unit.annexB().length).isBetween(5, MAX_BYTES);
            assertThat(unit.annexB()).startsWith(0, 0, 0, 1);
        }
    }
}
