package org.camgate.access;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** Counts open connections, in total and per address, against their limits. Thread-safe. */
public final class ConnectionLimiter {
    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;

    public ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot for a new connection from {@code address}; false when a limit is reached. */
    public synchronized boolean tryAcquire(InetAddress address) {
        int count = perAddress.getOrDefault(address, 0);
        if (total >= maxTotal || count >= maxPerAddress) {
            return false;
        }
        perAddress.put(address, count + 1);
        total++;
        return true;
    }

    public synchronized void release(InetAddress address) {
        Integer count = perAddress.get(address);
        if (count == null) {
            return;
        }
        if (count <= 1) {
            perAddress.remove(address);
        } else {
            perAddress.put(address, count - 1);
        }
        total--;
    }

    public synchronized int total() {
        return total;
    }
}
