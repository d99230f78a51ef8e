package org.camgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's own log (not the audit log).
 *
 * @param level     the lowest level written; {@code CAMGATE_LOG_LEVEL} in the environment overrides it
 * @param format    {@code text} (one human-readable line per entry) or {@code json} (one JSON object per line)
 * @param file      also written to this file, rolled daily; empty: standard error only (systemd's journal)
 * @param retention rolled files older than this are deleted
 */
public record LogConfig(Level level, Format format, Optional<Path> file, Duration retention) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /** Log levels, lowest first. */
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, OFF }

    /** How each entry is written. */
    public enum Format { TEXT, JSON }

    public LogConfig {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(retention, "retention");
    }

    /** {@code info}, text, standard error only. */
    public static LogConfig defaults() {
        return new LogConfig(Level.INFO, Format.TEXT, Optional.empty(), DEFAULT_RETENTION);
    }
}
