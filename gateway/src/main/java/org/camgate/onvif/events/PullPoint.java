package org.camgate.onvif.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One PullPoint subscription: a bounded queue of messages for one user (the oldest is dropped
 * when full, and counted), a termination time, and long-polling pulls that return as soon as
 * a message waits or the timeout passes. A long poll either blocks its thread ({@link #pull}) or, without a thread,
 * leaves a {@link Waiting} behind ({@link #pullLater}): at most one per subscription (a newer pull answers the older
 * at once, empty), so waits cost one small object each, bounded by the subscriptions.
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
    private Waiting waiting;

    /**
     * A pull waiting without a thread for messages: {@code done} gets them (or an empty list when the wait is ended
     * by {@link #cancel}, a newer pull or the subscription's end) exactly once, on the thread that ended the wait.
     */
    public static final class Waiting {
        private final int limit;
        private final Consumer<List<OnvifNotification>> done;

        private Waiting(int limit, Consumer<List<OnvifNotification>> done) {
            this.limit = limit;
            this.done = done;
        }
    }

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
        Waiting woken = null;
        List<OnvifNotification> messages = null;
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
            if (waiting != null) {
                woken = waiting;
                waiting = null;
                messages = take(woken.limit);
            }
        } finally {
            lock.unlock();
        }
        if (woken != null) {
            woken.done.accept(messages);
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
            return take(limit);
        } finally {
            lock.unlock();
        }
    }

    private List<OnvifNotification> take(int limit) {
        List<OnvifNotification> out = new ArrayList<>(Math.min(limit, queue.size()));
        while (out.size() < limit && !queue.isEmpty()) {
            out.add(queue.pollFirst());
        }
        return out;
    }

    /**
     * A pull without a thread: when messages wait (or the subscription has ended), {@code done} gets up to
     * {@code limit} of them at once, on this thread, and null is returned; otherwise the returned {@link Waiting} gets
     * them when they come. The caller ends the wait at its timeout with {@link #cancel}. A pull already waiting here
     * is answered at once, empty.
     */
    public Waiting pullLater(int limit, Consumer<List<OnvifNotification>> done) {
        Waiting replaced;
        List<OnvifNotification> now = null;
        Waiting w = null;
        lock.lock();
        try {
            replaced = waiting;
            waiting = null;
            if (!queue.isEmpty() || closed) {
                now = take(limit);
            } else {
                w = new Waiting(limit, done);
                waiting = w;
            }
        } finally {
            lock.unlock();
        }
        if (replaced != null) {
            replaced.done.accept(List.of());
        }
        if (now != null) {
            done.accept(now);
        }
        return w;
    }

    /**
     * Ends a wait (its timeout passed, or its connection closed): true when it was still waiting, and then its
     * {@code done} has been given the empty list here; false when it was answered already.
     */
    public boolean cancel(Waiting w) {
        lock.lock();
        try {
            if (waiting != w) {
                return false;
            }
            waiting = null;
        } finally {
            lock.unlock();
        }
        w.done.accept(List.of());
        return true;
    }

    /** Whether a pull waits here without a thread (tests). */
    boolean waiting() {
        lock.lock();
        try {
            return waiting != null;
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
        Waiting w;
        lock.lock();
        try {
            closed = true;
            queue.clear();
            arrived.signalAll();
            w = waiting;
            waiting = null;
        } finally {
            lock.unlock();
        }
        if (w != null) {
            w.done.accept(List.of());
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
