package org.camgate.onvif.discovery;

import org.camgate.access.AddressKey;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets for WS-Discovery datagrams: one per source address (IPv6 per /64) and one for all. A datagram that
 * finds either empty is dropped without an answer, and counted. The per-address buckets are bounded (the least
 * recently used is forgotten, so many spoofed sources each get a fresh burst, but the global bucket still holds).
 * Used by the responder's one receiving thread only.
 */
final class ProbeLimiter {
    static final int MAX_SOURCES = 4096;

    /** Sizes and refill rates of the buckets. */
    record Rates(double perSourceBurst, double perSourcePerSecond, double globalBurst, double globalPerSecond) {
        /** Enough for NVRs and tools that repeat a probe a few times; far below an amplifier's needs. */
        static final Rates DEFAULT = new Rates(5, 1, 50, 20);
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        boolean take(double burst, double perSecond, long now) {
            tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
            lastNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    private final Rates rates;
    private final LongSupplier nanos;
    private final Bucket global;
    private final Map<InetAddress, Bucket> sources = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private volatile long dropped;

    ProbeLimiter(Rates rates, LongSupplier nanos) {
        this.rates = rates;
        this.nanos = nanos;
        this.global = new Bucket(rates.globalBurst(), nanos.getAsLong());
    }

    /** Whether a datagram from {@code source} may be handled now; false (and counted) when it is to be dropped. */
    boolean admit(InetAddress source) {
        long now = nanos.getAsLong();
        InetAddress key = AddressKey.of(source);
        Bucket b = sources.get(key);
        if (b == null) {
            b = new Bucket(rates.perSourceBurst(), now);
            sources.put(key, b);
        }
        if (!b.take(rates.perSourceBurst(), rates.perSourcePerSecond(), now)
                || !global.take(rates.globalBurst(), rates.globalPerSecond(), now)) {
            dropped++;
            return false;
        }
        return true;
    }

    long dropped() {
        return dropped;
    }
}
