package org.camgate.config;

import org.camgate.common.yaml.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code audit} section: its keys, defaults and the exact problems of bad values. */
class AuditConfigTest {

    private static AuditConfig audit(String section) throws ConfigException {
        return ConfigLoader.parse("site: s\naudit:\n" + section, "test.yaml", Map.of()).audit();
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        AuditConfig d = AuditConfig.defaults();
        assertThat(d.file()).isEqualTo(Path.of("data/audit.log"));
        assertThat(d.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(d.maxFileSize()).isEqualTo(64L << 20);
        assertThat(d.maxTotalSize()).isEqualTo(1L << 30);
        assertThat(d.refusals()).isEqualTo(new AuditConfig.Refusals(10, Duration.ofMinutes(1), 10_000));
    }

    @Test
    void everyKeyIsRead() throws Exception {
        AuditConfig c = audit("""
                  file: /var/log/camgate/audit.log
                  retention: 90d
                  maxFileSize: 16MB
                  maxTotalSize: 512MB
                  refusals:
                    limit: 3
                    window: 10m
                    maxAddresses: 500
                """);
        assertThat(c).isEqualTo(new AuditConfig(Path.of("/var/log/camgate/audit.log"), Duration.ofDays(90), 16L << 20,
                512L << 20, new AuditConfig.Refusals(3, Duration.ofMinutes(10), 500)));
    }

    @Test
    void omittedKeysTakeTheirDefaults() throws Exception {
        assertThat(audit("  refusals: {limit: 20}\n").refusals())
                .isEqualTo(new AuditConfig.Refusals(20, Duration.ofMinutes(1), 10_000));
        assertThat(audit("  file: a.log\n")).isEqualTo(AuditConfig.defaults().withFile(Path.of("a.log")));
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("unknown key", "  refusal: {}\n",
                        "audit.refusal (line 3): unknown key; expected one of: file, retention, maxFileSize, maxTotalSize, refusals"),
                Arguments.of("size without unit", "  maxFileSize: 1000000\n",
                        "audit.maxFileSize (line 3): invalid size \"1000000\": a unit is required (e.g. 1000000B; units: B, KB, MB, GB)"),
                Arguments.of("file size too small", "  maxFileSize: 4KB\n", "audit.maxFileSize (line 3): must be at least 64KB"),
                Arguments.of("total below file size", "  maxFileSize: 128MB\n  maxTotalSize: 100MB\n",
                        "audit.maxTotalSize (line 4): must not be smaller than maxFileSize (128MB)"),
                Arguments.of("default total below file size", "  maxFileSize: 2GB\n",
                        "audit.maxTotalSize (line 3): the default (1GB) is smaller than maxFileSize (2GB); set maxTotalSize too"),
                Arguments.of("unknown refusals key", "  refusals: {max: 1}\n",
                        "audit.refusals.max (line 3): unknown key; expected one of: limit, window, maxAddresses"),
                Arguments.of("limit 0", "  refusals: {limit: 0}\n", "audit.refusals.limit (line 3): must be > 0 (got 0)"),
                Arguments.of("window 0", "  refusals: {window: 0s}\n", "audit.refusals.window (line 3): must be longer than 0s"),
                Arguments.of("window too long", "  refusals:\n    window: 2d\n",
                        "audit.refusals.window (line 4): must not be longer than 1d (a window's summary is written when it ends)"),
                Arguments.of("too many addresses", "  refusals:\n    maxAddresses: 2000000\n",
                        "audit.refusals.maxAddresses (line 4): must not exceed 1000000 (each tracked address takes memory)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void badValuesAreReportedWithTheirPath(String name, String section, String expected) {
        assertThatThrownBy(() -> audit(section)).isInstanceOf(ConfigException.class).hasMessage(expected);
    }
}
