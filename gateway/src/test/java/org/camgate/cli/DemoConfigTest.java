package org.camgate.cli;

import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoConfigTest {

    @Test
    void embeddedDemoConfigurationIsValid() throws Exception {
        String yaml;
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        GatewayConfig config = ConfigLoader.parse(yaml, "demo.yaml",
                Map.of("DEMO_RTSP_LISTEN", "127.0.0.1:8554", "DEMO_ONVIF_LISTEN", "127.0.0.1:8080", "DEMO_CAMERA", "rtsp://127.0.0.1:9999"));
        assertThat(config.cameras()).hasSize(1);
        assertThat(config.cameras().get(0).purpose()).isNotBlank();
        assertThat(config.users()).singleElement().satisfies(u -> assertThat(u.mayView("entrance")).isTrue());
    }
}
