package org.camgate.config;

import org.camgate.common.yaml.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clips section and a camera's clips key: defaults, and the exact problems of wrong values. */
class ClipsConfigTest {
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static GatewayConfig parse(String clips, String cameraClips, String gate) throws ConfigException {
        return ConfigLoader.parse("site: s\n" + clips + "cameras:\n  - id: cam\n    purpose: p\n"
                + "    source: rtsp://192.0.2.1/s\n    gate: " + gate + "\n" + cameraClips, "t.yaml", Map.of());
    }

    @Test
    void defaultsAndCameraSelection() throws ConfigException {
        GatewayConfig c = parse("clips: { dir: /var/clips }\n", "    clips: true\n", "{ mode: triggers, triggers: [manual, motion] }");
        ClipsConfig clips = c.clips();
        assertThat(clips.enabled()).isTrue();
        assertThat(clips.dir()).isEqualTo(Path.of("/var/clips"));
        assertThat(clips.retention()).isEqualTo(Duration.ofHours(72));
        assertThat(clips.maxBytes()).isEqualTo(10L << 30);
        assertThat(clips.maxLength()).isEqualTo(Duration.ofMinutes(2));
        assertThat(clips.encryptionKey()).isEmpty();
        assertThat(clips.listen()).isEmpty();
        assertThat(clips.camera("cam")).contains(List.of());
        assertThat(parse("clips: { encryptionKey: " + KEY + " }\n", "    clips: [manual]\n",
                "{ mode: triggers, triggers: [manual, motion] }").clips().camera("cam")).contains(List.of("manual"));
        assertThat(parse("", "", "{ mode: motion }").clips().enabled()).isFalse();
        assertThat(parse("clips: { encryptionKey: " + KEY + " }\n", "", "{ mode: motion }").clips().toString())
                .doesNotContain(KEY).contains("encrypted=true");
    }

    @Test
    void problemsNameTheKey() {
        assertThatThrownBy(() -> parse("clips: { encryptionKey: c2hvcnQ= }\n", "", "{ mode: motion }"))
                .hasMessage("clips.encryptionKey (line 2): 5 bytes (expected: base64 of 32 "
                        + "random bytes, e.g. from: openssl rand -base64 32)");
        assertThatThrownBy(() -> parse("", "    clips: true\n", "{ mode: motion }"))
                .hasMessage("cameras[0].clips (line 7): needs the top-level clips section (at least clips: { dir: ... })");
        assertThatThrownBy(() -> parse("clips: {}\n", "    clips: true\n", "{ mode: always }"))
                .hasMessage("cameras[0].clips (line 8): a clip is recorded for each gate opening: needs gate mode motion or triggers");
        assertThatThrownBy(() -> parse("clips: {}\n", "    clips: [sensor:x]\n", "{ mode: triggers, triggers: [manual] }"))
                .hasMessage("cameras[0].clips[0] (line 8): \"sensor:x\" is not one of this camera's gate triggers (manual)");
        assertThatThrownBy(() -> parse("clips: { publicUrl: ftp://x }\n", "", "{ mode: motion }"))
                .hasMessage("clips.publicUrl (line 2): invalid base URL \"ftp://x\" (expected: http://host:port or "
                        + "https://host/path)");
    }
}
