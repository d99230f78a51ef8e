package org.camgate.audit;

/**
 * The append-only access log: every session and every refusal. Implementations are thread-safe,
 * quick enough to call from an event loop, and never throw from {@link #record}.
 */
public interface AuditLog extends AutoCloseable {

    /** Appends one event. Never throws; I/O problems are logged by the implementation. */
    void record(AuditEvent event);

    /** Flushes and releases resources; idempotent. Events recorded afterwards are dropped. */
    @Override
    void close();
}
