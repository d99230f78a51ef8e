package org.camgate.config;

import org.camgate.common.yaml.ConfigProblem;
import org.camgate.common.yaml.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogConfigTest {
    @Test
    void absentMeansInfoAsTextOnStandardError() throws ConfigException {
        assertThat(ConfigLoader.parse("site: s\n", "t.yaml", Map.of()).log()).isEqualTo(LogConfig.defaults());
        assertThat(LogConfig.defaults()).isEqualTo(new LogConfig(LogConfig.Level.INFO, LogConfig.Format.TEXT,
                Optional.empty(), Duration.ofDays(7)));
    }

    @Test
    void bindsLevelFormatFileAndRetention() throws ConfigException {
        GatewayConfig c = ConfigLoader.parse("""
                site: s
                log: { level: debug, format: json, file: /var/log/camgate/camgate.log, retention: 14d }
                """, "t.yaml", Map.of());
        assertThat(c.log()).isEqualTo(new LogConfig(LogConfig.Level.DEBUG, LogConfig.Format.JSON,
                Optional.of(Path.of("/var/log/camgate/camgate.log")), Duration.ofDays(14)));
    }

    @Test
    void wrongValuesNameTheKeyAndLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                site: s
                log:
                  level: loud
                  format: xml
                  retention: 3d
                  colour: true
                """, "t.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::toString)
                        .containsExactlyInAnyOrder(
                                "log.level (line 3): unknown log level \"loud\" (expected one of: trace, debug, info, warn, error, off)",
                                "log.format (line 4): unknown log format \"xml\" (expected one of: text, json)",
                                "log.retention (line 5): only with file (standard error is not kept by the gateway)",
                                "log.colour (line 6): unknown key; expected one of: level, format, file, retention"));
    }
}
