package org.camgate.audit;

import java.util.ArrayList;
import java.util.List;

/** An {@link AuditLog} for tests of code that audits. */
public final class InMemoryAuditLog implements AuditLog {

    private final List<AuditEvent> events = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void record(AuditEvent event) {
        if (!closed) {
            events.add(event);
        }
    }

    /** A snapshot of the recorded events, oldest first. */
    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** The recorded events with the given name. */
    public synchronized List<AuditEvent> events(String event) {
        return events.stream().filter(e -> e.event().equals(event)).toList();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
