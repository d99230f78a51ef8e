package org.camgate.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.camgate.config.AuditConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit log as JSON lines: {@code time} (ISO-8601 UTC, milliseconds), {@code event}, {@code user},
 * {@code remote}, {@code camera}, then the details as top-level fields (instants written like
 * {@code time}, durations and other times in ISO-8601). Strings are bounded by
 * {@link AuditEvent}; control characters and anything else a reader could take for a line break
 * are escaped ({@link LineSafeEscapes}), so one event is always exactly one line.
 *
 * <p>The file is only ever appended to. It is rotated daily and when it would grow past
 * {@code audit.maxFileSize}, to {@code NAME-YYYY-MM-DD.EXT}, then {@code NAME-YYYY-MM-DD.1.EXT},
 * ... beside it; rotated files past the retention are deleted, and the oldest ones whenever all
 * files together would exceed {@code audit.maxTotalSize} ({@link AuditFiles}).
 *
 * <p>Thread-safe, and {@link #record} never blocks on the disk: it puts the event in a bounded
 * queue ({@value #DEFAULT_QUEUE} events) and returns; one writer thread ({@code audit-writer})
 * turns events into lines and appends them, handing them to the OS whenever the queue runs empty
 * (no fsync). When the queue is full the event is dropped and counted instead, and the writer
 * writes a {@link AuditEvent#DROPPED} line with the counts per event type and the times of the
 * first and last dropped event as soon as it catches up (at most about once a second while it
 * cannot). {@link #record} never throws: an I/O error is logged once, and each later event tries
 * to reopen the file until it works again. {@link #close} writes what was recorded before it.
 *
 * <p>One address cannot flood the log with refusals: beyond {@code audit.refusals.limit}
 * {@code auth-failure}, {@code denied} and {@code rate-limited} events within
 * {@code audit.refusals.window}, its further ones are counted into one
 * {@link AuditEvent#SUPPRESSED} line per window, written when the window ends and at close
 * ({@link RefusalSummary}). Those are counted on the caller's thread, before the queue, so a
 * flood of refusals cannot push other events out of it.
 */
public final class JsonLinesAuditLog implements AuditLog {

    /** Events waiting for the writer at most, by default. */
    static final int DEFAULT_QUEUE = 8192;
    /** Longest the writer sleeps with nothing to do, so periodic work is never late by more. */
    private static final long TICK_MILLIS = 1000;
    /** How long {@link #close} waits for the writer to write what was recorded before it. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Object STOP = new Object();

    private static final Logger log = LoggerFactory.getLogger(JsonLinesAuditLog.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final JsonFactory json = new ObjectMapper().getFactory().setCharacterEscapes(new LineSafeEscapes());

    private final BlockingQueue<Object> queue;
    private final Thread writer;
    private final DropCounter drops = new DropCounter();
    private final RefusalSummary refusals;
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private boolean started;

    // Owned by the writer thread (and by the constructor before it starts).
    private final AuditFiles files;
    private boolean failing;
    private long lastPeriodic = System.nanoTime();

    /**
     * Opens (creating directories and the file as needed) and applies the retention, with the
     * default limits of {@link AuditConfig#AuditConfig(Path, Duration)}.
     *
     * @throws IOException when the file cannot be opened at start: a gateway that cannot write its
     *     access log should not start
     */
    public JsonLinesAuditLog(Path file, Duration retention, Clock clock) throws IOException {
        this(new AuditConfig(file, retention), clock);
    }

    /**
     * With every setting of the configuration's {@code audit} section.
     *
     * @throws IOException when the file cannot be opened at start
     * @throws IllegalArgumentException when a setting is out of range (the configuration loader
     *     reports those with their YAML path before)
     */
    public JsonLinesAuditLog(AuditConfig config, Clock clock) throws IOException {
        this(config, clock, DEFAULT_QUEUE, true);
    }

    /** With the queue's capacity, and the writer started later by {@link #startWriter} when {@code start} is false. */
    JsonLinesAuditLog(AuditConfig config, Clock clock, int queueCapacity, boolean start) throws IOException {
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: > 0)");
        }
        this.clock = requireNonNull(clock, "clock");
        AuditConfig.Refusals r = config.refusals();
        refusals = new RefusalSummary(r.limit(), r.window(), r.maxAddresses());
        files = new AuditFiles(config.file(), config.retention(), config.maxFileSize(), config.maxTotalSize(), clock);
        queue = new ArrayBlockingQueue<>(queueCapacity);
        writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        if (start) {
            startWriter();
        }
    }

    /** Starts the writer thread; idempotent. */
    void startWriter() {
        synchronized (lifecycle) {
            if (!started) {
                started = true;
                writer.start();
            }
        }
    }

    /**
     * Queues the event for the writer, unless it is a refusal of an address over its allowance
     * (then it is only counted for that address's summary); when the queue is full the event is
     * counted as dropped. Never blocks on the disk.
     */
    @Override
    public void record(AuditEvent event) {
        if (closed) {
            log.debug("audit log closed; dropped {}", event.event());
            return;
        }
        if (!refusals.admit(event, clock.instant())) {
            return;
        }
        if (!queue.offer(event)) {
            drops.count(event);
        }
    }

    /**
     * Lets the writer write everything recorded before, then closes the file; idempotent. Waits up
     * to 5 s for a writer stuck on the disk, then gives up on it (what it still holds is lost).
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        startWriter();
        // When the queue is full, the writer notices the closing at its next tick once it has emptied it.
        queue.offer(STOP);
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("audit log {}: the writer has not finished within {}s; {} event(s) may be lost", files.file(),
                    CLOSE_WAIT.toSeconds(), queue.size());
        }
    }

    /**
     * Waits until everything recorded before has been written and handed to the OS, and the
     * periodic work due by the clock has been done; false when that took longer than the timeout.
     */
    boolean flush(Duration timeout) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!queue.offer(done, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void writeLoop() {
        try {
            while (true) {
                Object item;
                try {
                    item = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    item = null;
                }
                if (item instanceof AuditEvent event) {
                    write(event);
                } else if (item instanceof CountDownLatch flush) {
                    periodic(true);
                    flushOut();
                    flush.countDown();
                    continue;
                }
                if (queue.isEmpty()) {
                    periodic(true);
                    flushOut();
                    if (closed) {
                        break;
                    }
                } else {
                    periodic(false);
                }
            }
            finish();
        } finally {
            files.closeQuietly();
        }
    }

    /**
     * Work that does not wait for an event: the summaries of ended refusal windows and of dropped
     * events. Whenever the queue is empty, else about once a second.
     */
    private void periodic(boolean idle) {
        if (!idle && System.nanoTime() - lastPeriodic < TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS)) {
            return;
        }
        lastPeriodic = System.nanoTime();
        Instant now = clock.instant();
        for (AuditEvent summary : refusals.expire(now)) {
            write(summary);
        }
        AuditEvent summary = drops.takeSummary(now);
        if (summary != null) {
            write(summary);
        }
    }

    /** At close, after the last queued event: the summaries of every open window. */
    private void finish() {
        for (AuditEvent s : refusals.expireAll(clock.instant())) {
            write(s);
        }
        AuditEvent summary = drops.takeSummary(clock.instant());
        if (summary != null) {
            write(summary);
        }
        flushOut();
    }

    private void write(AuditEvent event) {
        try {
            files.append(toJson(event).getBytes(StandardCharsets.UTF_8));
            if (failing) {
                failing = false;
                log.info("audit log {} is writable again", files.file());
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void flushOut() {
        try {
            files.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    private void failed(Exception e) {
        files.closeQuietly();
        if (!failing) {
            failing = true;
            log.error("cannot write audit log {}; retrying at each event", files.file(), e);
        }
    }

    private String toJson(AuditEvent e) throws IOException {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = json.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", TIME.format(e.time()));
            g.writeStringField("event", e.event());
            g.writeStringField("user", e.user());
            g.writeStringField("remote", e.remote());
            g.writeStringField("camera", e.camera());
            for (Map.Entry<String, Object> d : e.details().entrySet()) {
                g.writeFieldName(d.getKey());
                Object v = d.getValue();
                if (v instanceof Instant instant) {
                    g.writeString(TIME.format(instant));
                } else if (v instanceof TemporalAccessor || v instanceof Duration) {
                    g.writeString(v.toString());
                } else {
                    g.writeObject(v);
                }
            }
            g.writeEndObject();
        }
        return w.append('\n').toString();
    }

    @Override
    public String toString() {
        return "JsonLinesAuditLog{" + files.file() + "}";
    }
}
