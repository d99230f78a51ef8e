package org.camgate.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Keeps refusals from flooding the log: one line per way in, address (IPv6: /64) and reason per minute; the
 * audit log still records (and summarises) every one. Bounded; thread-safe.
 */
final class RefusalLog {
    private static final Duration QUIET = Duration.ofMinutes(1);
    private final Cache<String, Boolean> recent = Caffeine.newBuilder().expireAfterWrite(QUIET).maximumSize(10_000)
            .executor(Runnable::run).build();
    private final Logger log;

    RefusalLog(Logger log) {
        this.log = log;
    }

    /** Logs {@code message} (a format with {@code {}} for the arguments) unless said for this key within a minute. */
    void info(Protocol protocol, InetAddress address, String reason, String message, Object... args) {
        String key = protocol + " " + AddressKey.of(address).getHostAddress() + " " + reason;
        if (recent.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            log.info(message + " (the same refusals are not logged again for a minute)", args);
        }
    }
}
