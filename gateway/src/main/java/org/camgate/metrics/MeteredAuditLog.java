package org.camgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;

/**
 * The audit log, counting its refusals on the way: {@code camgate.auth.failures{protocol}} (failed logins of every
 * way in) and {@code camgate.access.refusals{protocol,event}} ({@code denied}, {@code rate-limited}). Every refusal is
 * audited, so this sees them all, whoever decided. The protocol label is one of the {@link Protocol} labels (the
 * audit's {@code transport}; the RTSP server's refusals carry none and are {@code rtsp}); anything else is
 * {@code other}: never remote addresses or user input.
 */
public final class MeteredAuditLog implements AuditLog {
    private static final Set<String> REFUSALS = Set.of(AuditEvent.DENIED, AuditEvent.RATE_LIMITED);
    private final AuditLog log;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public MeteredAuditLog(AuditLog log, MeterRegistry registry) {
        this.log = Objects.requireNonNull(log, "log");
        this.registry = Objects.requireNonNull(registry, "registry");
        for (Protocol p : Protocol.values()) {
            counter(AuditEvent.AUTH_FAILURE, p.label()); // present at 0 from start
        }
    }

    @Override
    public void record(AuditEvent event) {
        try {
            if (AuditEvent.AUTH_FAILURE.equals(event.event()) || REFUSALS.contains(event.event())) {
                counter(event.event(), protocol(event.details().get("transport"))).increment();
            }
        } catch (RuntimeException e) {
            // metrics never cost an audit record
        }
        log.record(event);
    }

    private Counter counter(String event, String protocol) {
        return counters.computeIfAbsent(event + "/" + protocol, k -> AuditEvent.AUTH_FAILURE.equals(event)
                ? Counter.builder("camgate.auth.failures").description("failed logins (wrong or unknown credentials)")
                        .tag("protocol", protocol).register(registry)
                : Counter.builder("camgate.access.refusals").description("requests refused by the access policy or limits")
                        .tag("protocol", protocol).tag("event", event).register(registry));
    }

    static String protocol(Object transport) {
        if (transport == null) {
            return Protocol.RTSP.label();
        }
        String t = transport.toString();
        if (t.equals("http-snapshot")) {
            return Protocol.SNAPSHOT.label();
        }
        for (Protocol p : Protocol.values()) {
            if (p.label().equals(t)) {
                return t;
            }
        }
        return "other";
    }

    @Override
    public void close() {
        log.close();
    }
}
