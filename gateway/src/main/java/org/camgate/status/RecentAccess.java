package org.camgate.status;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;

/**
 * The audit log as the gateway writes it, remembering the last sessions for the status page's access log (who
 * watched what): every event goes on to the wrapped log; {@code session-start} and {@code session-end} are also kept
 * in a ring of at most {@code capacity}. Nothing is read back from the file. Thread-safe.
 */
public final class RecentAccess implements AuditLog {
    public static final int DEFAULT_CAPACITY = 100;

    private final AuditLog delegate;
    private final int capacity;
    private final ArrayDeque<AuditEvent> ring;

    public RecentAccess(AuditLog delegate, int capacity) {
        this.delegate = requireNonNull(delegate, "delegate");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
    }

    @Override
    public void record(AuditEvent event) {
        if (event != null && (AuditEvent.SESSION_START.equals(event.event())
                || AuditEvent.SESSION_END.equals(event.event()))) {
            synchronized (this) {
                if (ring.size() == capacity) {
                    ring.removeFirst();
                }
                ring.addLast(event);
            }
        }
        delegate.record(event);
    }

    /** The remembered session events, newest first. */
    public synchronized List<AuditEvent> newestFirst() {
        List<AuditEvent> out = new ArrayList<>(ring.size());
        for (Iterator<AuditEvent> it = ring.descendingIterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
