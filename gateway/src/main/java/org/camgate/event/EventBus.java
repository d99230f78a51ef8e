package org.camgate.event;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where detectors, gates and operators publish events, and where the MQTT outbox, gates, ONVIF subscriptions
 * and the audit log listen. Delivery is synchronous on the publisher's thread, so each publisher's events reach
 * every listener in the order published; a listener that throws is logged and does not affect the others.
 *
 * <p>Publishers include cameras' event loops (gate and motion events), so listeners must not block: those with
 * disk or network work hand the event to a bounded queue of their own (the MQTT outbox has its writer thread, the
 * audit log its writer). A delivery that takes longer than {@value #SLOW_MILLIS} ms is counted
 * ({@link #slowDeliveries()}) and logged as a warning naming the listener and the thread it held up (at most one
 * warning every 10 s).
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    /** A delivery to one listener longer than this is counted and logged. */
    public static final long SLOW_MILLIS = 100;
    private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong slow = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    /** Adds a listener; returns a handle that removes it. */
    public Runnable subscribe(EventListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(Event event) {
        Objects.requireNonNull(event, "event");
        for (EventListener listener : listeners) {
            long start = System.nanoTime();
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("event listener {} failed on {} {}/{}: {}", listener, event.event(), event.source().kind(),
                        event.source().id(), e.toString());
            }
            long took = System.nanoTime() - start;
            if (took > SLOW_NANOS) {
                slow(listener, event, took);
            }
        }
    }

    private void slow(EventListener listener, Event event, long nanos) {
        long count = slow.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("event listener {} held up thread {} for {} ms on {} {}/{} ({} slow deliveries so far): a listener "
                    + "must hand slow work to a queue of its own", listener, Thread.currentThread().getName(),
                    TimeUnit.NANOSECONDS.toMillis(nanos), event.event(), event.source().kind(), event.source().id(),
                    count);
        }
    }

    /** Deliveries to one listener that took longer than {@value #SLOW_MILLIS} ms, since this bus was made. */
    public long slowDeliveries() {
        return slow.get();
    }
}
