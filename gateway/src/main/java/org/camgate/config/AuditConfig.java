package org.camgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The append-only audit log (JSON lines).
 *
 * @param file         default {@code data/audit.log}, relative to the working directory
 * @param retention    entries older than this are deleted; default 30d
 * @param maxFileSize  the live file is rotated before a line would take it past this; default 64MB
 * @param maxTotalSize the oldest rotated files are deleted so that all files together stay within
 *                     this; default 1GB, at least {@code maxFileSize}
 * @param refusals     how many refusals of one address are written one by one; see {@link Refusals}
 */
public record AuditConfig(Path file, Duration retention, long maxFileSize, long maxTotalSize, Refusals refusals) {
    public static final long DEFAULT_MAX_FILE_SIZE = 64L << 20;
    public static final long DEFAULT_MAX_TOTAL_SIZE = 1L << 30;
    /** Smallest {@code maxFileSize} the configuration accepts: a file holds a few hundred lines at least. */
    public static final long MIN_FILE_SIZE = 64L << 10;

    public AuditConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(refusals, "refusals");
    }

    /** With the default sizes and {@link Refusals}. */
    public AuditConfig(Path file, Duration retention) {
        this(file, retention, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_TOTAL_SIZE, Refusals.defaults());
    }

    public static AuditConfig defaults() {
        return new AuditConfig(Path.of("data/audit.log"), Duration.ofDays(30));
    }

    /** This configuration with another file. */
    public AuditConfig withFile(Path file) {
        return new AuditConfig(file, retention, maxFileSize, maxTotalSize, refusals);
    }

    /**
     * Of the {@code auth-failure}, {@code denied} and {@code rate-limited} events of one address
     * (IPv6: one /64) within {@code window}, the first {@code limit} are written and the rest are
     * counted into one {@code suppressed} line when the window ends. At most {@code maxAddresses}
     * addresses are tracked at once; further ones share one allowance and summary.
     *
     * @param limit        default 10
     * @param window       default 1m
     * @param maxAddresses default 10000
     */
    public record Refusals(int limit, Duration window, int maxAddresses) {
        /** Longest {@code window}: the summary of a window is written when it ends. */
        public static final Duration MAX_WINDOW = Duration.ofDays(1);
        /** Most {@code maxAddresses}: about 200 bytes of memory each. */
        public static final int MAX_ADDRESSES = 1_000_000;

        public Refusals {
            Objects.requireNonNull(window, "window");
        }

        public static Refusals defaults() {
            return new Refusals(10, Duration.ofMinutes(1), 10_000);
        }
    }
}
