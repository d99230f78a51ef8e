package org.camgate.config;

import org.camgate.common.yaml.YamlMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Binds {@code log: { level, format, file, retention }}. */
final class LogBinder {
    static final List<String> KEYS = List.of("level", "format", "file", "retention");

    private LogBinder() {
    }

    static LogConfig bind(YamlMap m) {
        LogConfig d = LogConfig.defaults();
        LogConfig.Level level = m.enumValue("level", LogConfig.Level.class, "log level", d.level());
        LogConfig.Format format = m.enumValue("format", LogConfig.Format.class, "log format", d.format());
        Path file = m.path("file", "a file path", null);
        Duration retention = m.positiveDuration("retention", d.retention());
        if (m.has("retention") && !m.has("file")) {
            m.problem("retention", "only with file (standard error is not kept by the gateway)");
        }
        return new LogConfig(level, format, Optional.ofNullable(file), retention);
    }

}
