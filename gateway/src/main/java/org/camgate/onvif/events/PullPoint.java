package org.camgate.onvif.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One PullPoint subscription: a bounded queue of messages for one user (the oldest is dropped
 * when full, and counted), a termination time, and long-polling pulls that return as soon as
 * a message waits or the timeout passes.
 */
public final class PullPoint {
    private final String id;
    private final String user;
    private final Predicate<OnvifNotification> visible;
    private final int capacity;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<OnvifNotification> queue = new ArrayDeque<>();
    private Instant terminationTime;
    private boolean closed;
    private long dropped;

    PullPoint(String id, String user, Predicate<OnvifNotification> visible, int capacity, Clock clock,
              Instant terminationTime) {
        this.id = id;
        this.user = user;
        this.visible = visible;
        this.capacity = capacity;
        this.clock = clock;
        this.terminationTime = terminationTime;
    }

    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    /** Queues a message if this subscriber may see it; never blocks. */
    void offer(OnvifNotification n) {
        if (!visible.test(n)) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(n);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues messages ahead of anything waiting (the current states on SetSynchronizationPoint). */
    void offerAll(List<OnvifNotification> messages) {
        messages.forEach(this::offer);
    }

    /**
     * Waits up to {@code timeout} for at least one message, then returns up to {@code limit}.
     * Returns an empty list on timeout or when the subscription ends while waiting.
     */
    public List<OnvifNotification> pull(Duration timeout, int limit) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                arrived.awaitNanos(left);
            }
            List<OnvifNotification> out = new ArrayList<>(Math.min(limit, queue.size()));
            while (out.size() < limit && !queue.isEmpty()) {
                out.add(queue.pollFirst());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public Instant terminationTime() {
        lock.lock();
        try {
            return terminationTime;
        } finally {
            lock.unlock();
        }
    }

    void renew(Instant until) {
        lock.lock();
        try {
            terminationTime = until;
        } finally {
            lock.unlock();
        }
    }

    boolean expired() {
        return clock.instant().isAfter(terminationTime());
    }

    /** Ends the subscription: waiting pulls return at once. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

}
