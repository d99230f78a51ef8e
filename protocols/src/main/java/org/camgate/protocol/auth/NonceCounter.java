package org.camgate.protocol.auth;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the highest nonce count ({@code nc}) accepted for each nonce, so a {@code qop=auth} Digest request can be
 * used once: a request whose {@code nc} is not above the last accepted one is a replay. Entries are dropped when
 * their nonce has expired. Bounded: when {@code capacity} nonces are tracked and none has expired, a new nonce is
 * refused (its client is asked for a fresh one) rather than forgetting one still valid. Thread-safe.
 */
public final class NonceCounter {

    private record Entry(long highest, long expiresMillis) {
    }

    private final int capacity;
    private final Duration lifetime;
    private final Clock clock;
    /** In insertion order, which is also expiry order: every entry lives for the same lifetime. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public NonceCounter(int capacity, Duration lifetime, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
        this.lifetime = requireNonNull(lifetime, "lifetime");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Accepts {@code nc} (8 hex digits) for {@code nonce} when it is above every count accepted before for it.
     *
     * @return false for a replay, or when the counter is full of unexpired nonces
     */
    public synchronized boolean advance(String nonce, String nc) {
        long count = Long.parseLong(nc, 16);
        long now = clock.millis();
        expire(now);
        Entry e = entries.get(nonce);
        if (e != null) {
            if (count <= e.highest()) {
                return false;
            }
            entries.put(nonce, new Entry(count, e.expiresMillis()));
            return true;
        }
        if (entries.size() >= capacity) {
            return false;
        }
        entries.put(nonce, new Entry(count, now + lifetime.toMillis()));
        return true;
    }

    public synchronized int size() {
        return entries.size();
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().expiresMillis() > now) {
                return;
            }
            it.remove();
        }
    }
}
