package org.camgate.protocol.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.camgate.testing.FuzzDeadline;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what the gateway does with a camera's DESCRIBE body: {@link SessionDescription#parse}, then
 * {@link ReaderSdp#of} and, for each kept track, its encoding, clock rate and {@link ControlUrl}
 * (as the gateway's camera session does). The contract: an unusable SDP is refused with an
 * {@link IllegalArgumentException} and nothing else, and the SDP readers get is itself parseable,
 * names the camera's media only by their kept index, and carries no line break inside a line.
 *
 * <p>Plain test runs replay {@code SdpFuzzTestInputs/describe/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SdpFuzzTest {
    private static final String BASE = "rtsp://192.0.2.10:554/stream1";

    @FuzzTest(maxDuration = "2m")
    void describe(byte[] input) throws Exception {
        FuzzDeadline.run(() -> check(input));
    }

    private static void check(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SessionDescription camera;
        ReaderSdp reader;
        try {
            camera = SessionDescription.parse(text);
            reader = ReaderSdp.of(camera, "cam-1", 42, true);
            for (int source : reader.sourceMedia()) {
                MediaDescription media = camera.media().get(source);
                assertThat(media.encoding()).isNotNull();
                media.clockRate();
                assertThat(ControlUrl.resolve(BASE, media.control().orElse(null))).isNotNull();
            }
            assertThat(ControlUrl.resolve(BASE, camera.control().orElse(null))).isNotNull();
        } catch (IllegalArgumentException refused) {
            return;
        }
        for (String line : reader.text().split("\r\n")) {
            assertThat(line).as("a line of the readers' SDP").doesNotContain("\r", "\n");
        }
        SessionDescription again = SessionDescription.parse(reader.text());
        assertThat(again.media()).hasSameSizeAs(reader.sourceMedia());
        List<Integer> kept = reader.sourceMedia();
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i)).isBetween(0, camera.media().size() - 1);
            assertThat(again.media().get(i).control()).contains("trackID=" + i);
        }
    }
}
