package org.camgate.protocol.rtsp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.camgate.testing.FuzzDeadline;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link TransportSpec#parse} with arbitrary Transport header values (as the RTSP decoder
 * hands them over: ISO-8859-1). The contract: it never throws, and what it returns is usable as is:
 * interleaved channels 0-255 (or -1 when left to the server), UDP client ports 1-65535.
 *
 * <p>Plain test runs replay {@code TransportSpecFuzzTestInputs/parse/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class TransportSpecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] input) throws Exception {
        FuzzDeadline.run(() -> check(input));
    }

    private static void check(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1);
        Optional<TransportSpec> parsed = TransportSpec.parse(header);
        if (parsed.isEmpty()) {
            return;
        }
        TransportSpec spec = parsed.get();
        if (spec.tcp()) {
            if (spec.rtpChannel() == -1) {
                assertThat(spec.rtcpChannel()).isEqualTo(-1);
            } else {
                assertThat(spec.rtpChannel()).isBetween(0, 255);
                assertThat(spec.rtcpChannel()).isBetween(0, 255);
            }
        } else {
            assertThat(spec.rtpPort()).isBetween(1, 65535);
            assertThat(spec.rtcpPort()).isBetween(0, 65535);
        }
        assertThat(TransportSpec.parse(header)).as("parsing is repeatable").contains(spec);
    }
}
