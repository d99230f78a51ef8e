package org.camgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The append-only audit log (JSON lines).
 *
 * @param file      default {@code data/audit.log}, relative to the working directory
 * @param retention entries older than this are deleted; default 30d
 */
public record AuditConfig(Path file, Duration retention) {
    public AuditConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(retention, "retention");
    }

    public static AuditConfig defaults() {
        return new AuditConfig(Path.of("data/audit.log"), Duration.ofDays(30));
    }
}
