package org.camgate.config;

import org.camgate.common.yaml.ConfigProblem;
import org.camgate.common.yaml.ConfigException;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.camgate.testing.FuzzDeadline;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link ConfigLoader#parse} with arbitrary text. The contract: it returns a configuration or throws a
 * {@link ConfigException} with at least one problem, and nothing else (no exception from SnakeYAML or a binder, no
 * stack overflow on deep nesting, no runaway alias expansion).
 *
 * <p>Plain test runs replay {@code ConfigLoaderFuzzTestInputs/parse/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ConfigLoaderFuzzTest {
    private static final Map<String, String> VARIABLES = Map.of("NVR_PASSWORD", "s3cret", "CAMERA", "rtsp://192.0.2.10/stream1");

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"site:", "rtsp:", "onvif:", "mqtt:", "access:", "users:", "audit:", "status:", "cameras:",
            "sensors:", "listen:", "udp:", "gate:", "mode:", "triggers:", "preRoll:", "postRoll:", "zones:", "lines:",
            "polygon:", "box:", "min:", "max:", "type:", "input:", "source:", "onvif:", "url:", "purpose:", "id:",
            "name:", "password:", "cameras: [\"*\"]", "radar", "lidar", "thermal", "motion", "sensor:", "manual",
            "udp://127.0.0.1:9101", "rtsp://", "${NVR_PASSWORD}", "$${", "10s", "16MB", "127.0.0.1:0", "[::1]:8554",
            "::1/128", "10.0.0.0/8", "&a", "*a", "!!binary", "<<: ", "embedded", "tcp://", "schedule:", "motion:",
            "outbox:", "homeAssistant:", "allow:", "deny:"})
    void parse(byte[] input) throws Exception {
        String yaml = new String(input, StandardCharsets.UTF_8);
        FuzzDeadline.run(() -> {
            try {
                GatewayConfig config = ConfigLoader.parse(yaml, "fuzz.yaml", VARIABLES);
                assertThat(config).isNotNull();
                assertThat(config.site()).matches(org.camgate.common.yaml.Ids.FORM);
            } catch (ConfigException e) {
                assertThat(e.problems()).isNotEmpty();
                for (ConfigProblem p : e.problems()) {
                    assertThat(p.message()).isNotBlank();
                    assertThat(p.line()).isGreaterThanOrEqualTo(0);
                }
                assertThat(e.getMessage()).isNotNull();
            }
        });
    }
}
