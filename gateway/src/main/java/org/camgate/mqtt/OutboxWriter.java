package org.camgate.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.camgate.event.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes events off the publishers' threads (camera event loops, sensor inputs) and writes them to the
 * {@link Outbox} on one thread of its own, {@code mqtt-outbox-writer}, so that a slow or stalled disk (a write, or
 * the fsync of {@code fsyncInterval: 0s}) never delays video or RTSP answers.
 *
 * <p>{@link #offer} only puts the event in a bounded queue and returns. The writer takes everything queued at once
 * (up to {@value #MAX_BATCH} events), turns it into messages and appends them with one write (and one fsync when
 * those are per append): events are written in the order they were offered, so each source's order is kept.
 *
 * <p>An event counts as accepted (durable, delivered even across a broker outage or a restart) once the outbox has
 * it. Until then it is held in memory: for microseconds normally, for as long as the disk stalls otherwise. When
 * the queue is full (the disk has stalled for the time {@code capacity} events take to arrive) the new event is
 * <b>not accepted</b>: it is counted in {@code camgate_mqtt_events_failed_total{reason="queue-full"}} and logged
 * as an error (the first at once, then a summary at most every 10 s); the producer is never blocked. An event the
 * outbox cannot write (an I/O error) is counted with {@code reason="write-failed"} and logged the same way.
 */
final class OutboxWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);
    /** Events waiting for the disk at most, by default: at 100 events/s, almost three minutes of stall. */
    static final int DEFAULT_CAPACITY = 16_384;
    /** Events appended with one write at most. */
    static final int MAX_BATCH = 512;
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Object STOP = new Object();

    private final Outbox outbox;
    private final BiConsumer<Event, List<OutboxMessage.Draft>> messages;
    /** {@link Offered} events, and {@link #STOP}. */
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final Counter queueFull;
    private final Counter writeFailed;
    private final Counter acceptedMeter;
    /** Events written to the outbox: accepted. */
    private final AtomicLong accepted = new AtomicLong();
    private final Gauge queued;
    private final MeterRegistry metrics;
    /** Events offered and not yet written (queued, or in the batch being written). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropsSinceLog = new AtomicLong();
    private volatile long lastDropLog;
    /** From the first refused event until the writer has caught up with the queue. */
    private volatile boolean overflowing;
    private volatile boolean closed;

    /**
     * @param messages turns one event into its outbox messages (appended to the list)
     * @param capacity events that may wait for the writer
     */
    OutboxWriter(Outbox outbox, BiConsumer<Event, List<OutboxMessage.Draft>> messages, int capacity,
                 MeterRegistry metrics) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        queue = new ArrayBlockingQueue<>(capacity);
        String failed = "Events not accepted: the outbox's queue was full (a stalled disk), or it could not be written";
        queueFull = Counter.builder("camgate.mqtt.events.failed").tag("reason", "queue-full").description(failed)
                .register(metrics);
        writeFailed = Counter.builder("camgate.mqtt.events.failed").tag("reason", "write-failed").description(failed)
                .register(metrics);
        acceptedMeter = Counter.builder("camgate.mqtt.events.accepted")
                .description("Events written to the outbox (accepted: delivered even across a restart)")
                .register(metrics);
        queued = Gauge.builder("camgate.mqtt.outbox.queued", waiting, AtomicInteger::get)
                .description("Events waiting to be written to the outbox (not yet accepted)").register(metrics);
        thread = new Thread(this::run, "mqtt-outbox-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the event for the outbox; never blocks. False when it was not accepted (closed or the queue full). */
    boolean offer(Event event) {
        if (closed) {
            return false;
        }
        waiting.incrementAndGet();
        if (queue.offer(new Offered(event, System.nanoTime()))) {
            return true;
        }
        waiting.decrementAndGet();
        queueFull.increment();
        long dropped = dropsSinceLog.incrementAndGet();
        long now = System.nanoTime();
        boolean first = !overflowing;
        overflowing = true;
        if (first || now - lastDropLog >= DROP_LOG_INTERVAL_NANOS) {
            lastDropLog = now;
            dropsSinceLog.addAndGet(-dropped);
            log.error("MQTT: event {} {}/{} {} NOT accepted: {} event(s) are waiting for the outbox's disk (the "
                    + "queue is full; {} event(s) refused since the last report)", event.id(), event.source().kind(),
                    event.source().id(), event.event(), queue.size(), dropped);
        }
        return false;
    }

    /** Events written to the outbox so far (accepted), in the order offered. */
    long accepted() {
        return accepted.get();
    }

    /** Events offered and not yet in the outbox. */
    int waiting() {
        return waiting.get();
    }

    private void run() {
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        List<OutboxMessage.Draft> drafts = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close stops the writer, by queueing STOP
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            drafts.clear();
            int events = 0;
            int written = 0;
            Event first = null;
            for (Object item : batch) {
                if (item == STOP) {
                    stop = true;
                } else {
                    Offered offered = (Offered) item;
                    Event e = offered.event();
                    events++;
                    try {
                        int from = drafts.size();
                        messages.accept(e, drafts);
                        for (int i = from; i < drafts.size(); i++) {
                            drafts.set(i, drafts.get(i).offeredAt(offered.nanos()));
                        }
                        first = first == null ? e : first;
                        written++;
                    } catch (RuntimeException ex) {
                        failed(1, e, ex);
                    }
                }
            }
            batch.clear();
            if (!drafts.isEmpty()) {
                try {
                    outbox.append(drafts);
                    accepted.addAndGet(written);
                    acceptedMeter.increment(written);
                } catch (IOException | RuntimeException e) {
                    failed(written, first, e);
                }
            }
            waiting.addAndGet(-events);
            if (overflowing && queue.isEmpty()) {
                overflowing = false;
                log.warn("MQTT: the outbox's disk has caught up; {} more event(s) refused since the last report",
                        dropsSinceLog.getAndSet(0));
            }
        }
    }

    /** An event and when it was offered ({@link System#nanoTime()}), for the latency meter. */
    private record Offered(Event event, long nanos) {
    }

    private void failed(int events, Event first, Exception e) {
        writeFailed.increment(events);
        log.error("MQTT: {} event(s) NOT accepted (the first: {} {}/{} {}): cannot write the outbox: {}", events,
                first.id(), first.source().kind(), first.source().id(), first.event(), e.toString());
    }

    /**
     * Writes what was offered before, waiting for the disk at most {@code timeout}, then stops the writer;
     * idempotent. Events still waiting after the timeout are lost (logged).
     */
    void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // Never interrupt the writer: an interrupted file operation closes the outbox's file.
            if (queue.offer(STOP, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.error("MQTT: the outbox's disk did not take the last {} event(s) within {} s; they are lost",
                    waiting.get(), timeout.toSeconds());
        }
        metrics.remove(queued);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
