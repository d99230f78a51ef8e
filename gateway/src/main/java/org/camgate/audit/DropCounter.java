package org.camgate.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events the log had to drop (its queue was full), per event type, for one
 * {@link AuditEvent#DROPPED} summary. Thread-safe; the lock is only taken when something is dropped
 * or a summary is taken.
 */
final class DropCounter {

    /** Distinct event types counted separately; further ones are counted as {@code "other"}. */
    static final int MAX_TYPES = 16;

    private final Map<String, Long> counts = new LinkedHashMap<>();
    private Instant first;
    private Instant last;
    private volatile boolean pending;

    synchronized void count(AuditEvent event) {
        String type = counts.containsKey(event.event()) || counts.size() < MAX_TYPES ? event.event() : "other";
        counts.merge(type, 1L, Long::sum);
        if (first == null || event.time().isBefore(first)) {
            first = event.time();
        }
        if (last == null || event.time().isAfter(last)) {
            last = event.time();
        }
        pending = true;
    }

    /** Whether something was dropped since the last summary; a cheap check without the lock. */
    boolean pending() {
        return pending;
    }

    /** The summary of what was dropped since the last one, and a fresh count; null when nothing was. */
    synchronized AuditEvent takeSummary(Instant now) {
        if (!pending) {
            return null;
        }
        AuditEvent summary = AuditEvent.builder(AuditEvent.DROPPED, now).remote("-")
                .reason("queue full").detail("counts", new LinkedHashMap<>(counts))
                .detail("first", first).detail("last", last).build();
        counts.clear();
        first = null;
        last = null;
        pending = false;
        return summary;
    }
}
