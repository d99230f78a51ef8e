package org.camgate.access;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Bounds a listener's connections: in total, and those not yet authenticated per client address (so one address
 * cannot hold every slot with idle or trickling connections), while an authenticated recording server at one
 * address may hold as many as the total allows. Thread-safe.
 */
public final class ConnectionLimiter {
    private final int maxTotal;
    private final int maxUnauthenticatedPerAddress;
    private final Map<InetAddress, Integer> unauthenticated = new HashMap<>();
    private int total;

    public ConnectionLimiter(int maxTotal, int maxUnauthenticatedPerAddress) {
        if (maxTotal < 1 || maxUnauthenticatedPerAddress < 1) {
            throw new IllegalArgumentException("limits must be >= 1: " + maxTotal + ", " + maxUnauthenticatedPerAddress);
        }
        this.maxTotal = maxTotal;
        this.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress;
    }

    /** Takes a slot for a new, unauthenticated connection from {@code address}; null when a limit is reached. */
    public synchronized Slot tryAcquire(InetAddress address) {
        InetAddress key = AddressKey.of(address);
        int count = unauthenticated.getOrDefault(key, 0);
        if (total >= maxTotal || count >= maxUnauthenticatedPerAddress) {
            return null;
        }
        unauthenticated.put(key, count + 1);
        total++;
        return new Slot(key);
    }

    public synchronized int total() {
        return total;
    }

    /** Unauthenticated connections counted for the address (its IPv6 /64). */
    public synchronized int unauthenticated(InetAddress address) {
        return unauthenticated.getOrDefault(AddressKey.of(address), 0);
    }

    private synchronized void leaveUnauthenticated(InetAddress key) {
        unauthenticated.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private synchronized void leave() {
        total--;
    }

    /** One connection's slot. */
    public final class Slot {
        private final InetAddress key;
        private boolean authenticated;
        private boolean released;

        private Slot(InetAddress key) {
            this.key = key;
        }

        /** The connection has authenticated: it no longer counts against its address's unauthenticated limit. */
        public void authenticated() {
            synchronized (ConnectionLimiter.this) {
                if (authenticated || released) {
                    return;
                }
                authenticated = true;
                leaveUnauthenticated(key);
            }
        }

        /** The connection has closed. Idempotent. */
        public void release() {
            synchronized (ConnectionLimiter.this) {
                if (released) {
                    return;
                }
                released = true;
                if (!authenticated) {
                    leaveUnauthenticated(key);
                }
                leave();
            }
        }
    }
}
