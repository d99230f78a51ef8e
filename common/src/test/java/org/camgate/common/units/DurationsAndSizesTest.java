package org.camgate.common.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsAndSizesTest {
    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "72h, 259200000", "30d, 2592000000", "0s, 0"})
    void durations(String text, long millis) {
        Duration d = Durations.parse(text);
        assertThat(d.toMillis()).isEqualTo(millis);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @CsvSource({"90000, 90s", "1500, 1500ms", "3600000, 1h", "259200000, 3d", "0, 0s"})
    void formatPicksLargestExactUnit(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "60 | invalid duration \"60\": a unit is required (e.g. 60s; units: ms, s, m, h, d)",
            "10x | invalid duration \"10x\" (expected a number with unit ms, s, m, h or d, e.g. 500ms, 10s, 5m, 72h, 30d)",
            "1.5s | invalid duration \"1.5s\" (expected a number with unit ms, s, m, h or d, e.g. 500ms, 10s, 5m, 72h, 30d)",
            "-1s | invalid duration \"-1s\" (expected a number with unit ms, s, m, h or d, e.g. 500ms, 10s, 5m, 72h, 30d)",
            "1h30m | invalid duration \"1h30m\" (expected a number with unit ms, s, m, h or d, e.g. 500ms, 10s, 5m, 72h, 30d)",
            "10S | invalid duration \"10S\" (expected a number with unit ms, s, m, h or d, e.g. 500ms, 10s, 5m, 72h, 30d)",
    })
    void badDurations(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"512KB, 524288", "4MB, 4194304", "1GB, 1073741824", "100B, 100"})
    void sizes(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
        assertThat(ByteSizes.format(bytes)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4096 | invalid size \"4096\": a unit is required (e.g. 4096B; units: B, KB, MB, GB)",
            "4M | invalid size \"4M\" (expected a number with unit B, KB, MB or GB, e.g. 512KB, 4MB, 1GB)",
            "4mb | invalid size \"4mb\" (expected a number with unit B, KB, MB or GB, e.g. 512KB, 4MB, 1GB)",
            "1TB | invalid size \"1TB\" (expected a number with unit B, KB, MB or GB, e.g. 512KB, 4MB, 1GB)",
    })
    void badSizes(String text, String message) {
        assertThatThrownBy(() -> ByteSizes.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
