package org.camgate.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camgate.config.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogSetupTest {
    private static final Logger log = LoggerFactory.getLogger("org.camgate.test.LogSetupTest");
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    /** Runs {@code body} with standard error captured (the console appender writes to System.err when it logs). */
    private static String stderrOf(Runnable body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormatWritesOneParseableObjectPerLineToTheFileAndHonoursTheLevel() throws IOException {
        Path file = dir.resolve("logs/camgate.log");
        LogConfig config = new LogConfig(LogConfig.Level.WARN, LogConfig.Format.JSON, Optional.of(file), Duration.ofDays(3));
        String err = stderrOf(() -> {
            try (LogSetup.Applied applied = LogSetup.apply(config, Map.of())) {
                log.info("not written: below warn");
                log.warn("camera {} is down", "entrance");
                log.error("with a \"quote\" and a newline\nin it", new IllegalStateException("boom"));
            }
        });
        assertThat(err.lines().count()).as("the same two entries on standard error").isEqualTo(2);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        List<JsonNode> entries = new ArrayList<>();
        for (String line : lines) {
            entries.add(json.readTree(line));
        }
        assertThat(entries).extracting(e -> e.get("level").asText()).containsExactly("WARN", "ERROR");
        assertThat(entries.get(0).get("formattedMessage").asText()).isEqualTo("camera entrance is down");
        assertThat(entries.get(0).get("loggerName").asText()).isEqualTo("org.camgate.test.LogSetupTest");
        assertThat(entries.get(0).get("timestamp").asLong()).isPositive();
        assertThat(entries.get(1).get("formattedMessage").asText()).isEqualTo("with a \"quote\" and a newline\nin it");
        assertThat(entries.get(1).get("throwable").get("message").asText()).isEqualTo("boom");
        stderrOf(() -> log.warn("after close: not in the file"));
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void textFormatOnStandardErrorAndTheEnvironmentOverridesTheLevel() {
        LogConfig config = new LogConfig(LogConfig.Level.ERROR, LogConfig.Format.TEXT, Optional.empty(), Duration.ofDays(7));
        String err = stderrOf(() -> {
            try (LogSetup.Applied applied = LogSetup.apply(config, Map.of("CAMGATE_LOG_LEVEL", "debug"))) {
                log.trace("not written: below debug");
                log.debug("debug written");
            }
        });
        assertThat(err).contains(" DEBUG [").contains("debug written").doesNotContain("below debug");
        assertThat(err.lines().count()).isEqualTo(1);
    }

    @Test
    void theLevelOfTheFileHoldsWithoutTheVariableAndAWrongVariableIsAnError() {
        LogConfig config = new LogConfig(LogConfig.Level.ERROR, LogConfig.Format.JSON, Optional.empty(), Duration.ofDays(7));
        assertThat(LogSetup.level(config, Map.of())).isEqualTo(LogConfig.Level.ERROR);
        assertThat(LogSetup.level(config, Map.of("CAMGATE_LOG_LEVEL", " Warn "))).isEqualTo(LogConfig.Level.WARN);
        assertThatThrownBy(() -> LogSetup.apply(config, Map.of("CAMGATE_LOG_LEVEL", "loud")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CAMGATE_LOG_LEVEL: unknown level \"loud\" (expected one of: trace, debug, info, warn, error, off)");
        String err = stderrOf(() -> {
            try (LogSetup.Applied applied = LogSetup.apply(config, Map.of())) {
                log.warn("not written: below error");
                log.error("json on standard error");
            }
        });
        assertThat(err.lines().toList()).singleElement().satisfies(line -> {
            JsonNode n = json.readTree(line);
            assertThat(n.get("formattedMessage").asText()).isEqualTo("json on standard error");
        });
    }

    @Test
    void aFileThatCannotBeWrittenIsAnErrorNamingTheKey() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        LogConfig config = new LogConfig(LogConfig.Level.INFO, LogConfig.Format.TEXT,
                Optional.of(blocker.resolve("camgate.log")), Duration.ofDays(7));
        assertThatThrownBy(() -> LogSetup.apply(config, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("log.file: cannot write ");
    }
}
