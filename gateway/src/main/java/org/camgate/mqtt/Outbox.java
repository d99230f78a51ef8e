package org.camgate.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, bounded queue of MQTT messages: every message is written to an append-only segment file before
 * {@link #append} returns, stays until {@link #ack} (the broker's PUBACK), and is offered again, in order, after a
 * reconnect ({@link #next} from the start) or a restart (segments are read back when opened).
 *
 * <p>Durability: {@code append} writes through to the operating system, so a killed gateway process loses nothing
 * appended; the disk itself is forced every {@code fsyncInterval} (0: on every append), which bounds what a power
 * cut can take. On opening, a segment whose last record was cut short by a crash is truncated to its last intact
 * record; everything before it is kept.
 *
 * <p>Acknowledgements: the lowest unacknowledged sequence number (the mark) is saved (write, fsync, atomic rename)
 * at each {@link #sync}; messages acknowledged out of order above the mark are sent again after a restart
 * (duplicates, never losses). Segments wholly below the mark are deleted.
 *
 * <p>Bounds: at most {@code maxMessages} messages and {@code maxBytes} bytes are pending. When a new message does
 * not fit, the <b>oldest</b> pending messages are dropped so that the newest alarms are kept; each drop is counted
 * ({@code camgate_mqtt_outbox_dropped_total{reason="full"}}), logged as an error, and {@link #overflowed()} is true
 * until the outbox is empty again. Messages older than {@code retention} are dropped the same way
 * ({@code reason="retention"}).
 *
 * <p>Thread-safe: appends (the publisher's {@code mqtt-outbox-writer} thread, never an event loop: an append may
 * wait for the disk), acknowledgements (MQTT client thread), reads (the sender) and syncs (a timer) may come from
 * different threads.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final String MARK = "acked";
    private static final long OVERFLOW_LOG_INTERVAL_MS = 10_000;

    private final OutboxSettings settings;
    private final OutboxFiles files;
    private final Clock clock;
    private final NavigableMap<Long, OutboxMessage> pending = new TreeMap<>();
    /** For each retained topic, the newest message's sequence number (one entry per topic: sources x events). */
    private final Map<String, Long> lastRetained = new java.util.HashMap<>();
    /** Segment files by the first sequence number they may hold, with the last one written. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();
    private final Counter droppedFull;
    private final Counter droppedRetention;
    private final Counter damaged;
    private final Runnable onAppend;
    private final MeterRegistry metrics;
    /** Removed at close, so a later outbox in the same registry reports itself. */
    private final List<Gauge> gauges;
    private FileChannel active;
    /** Segments rolled over but not yet forced to disk. */
    private final List<FileChannel> rolled = new ArrayList<>();
    /** Reused for every append (under the lock): no garbage, and no temporary direct buffer inside the JDK. */
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private long activeFirst;
    /** Bytes of whole records in the active segment. */
    private long activeGood;
    private long nextSeq;
    private long pendingBytes;
    private long savedMark = -1;
    private boolean dirty;
    private boolean overflowed;
    private long overflowDropsSinceLog;
    private long lastOverflowLog;
    private boolean closed;

    private Outbox(OutboxSettings settings, OutboxFiles files, Clock clock, MeterRegistry metrics, Runnable onAppend) {
        this.settings = settings;
        this.files = files;
        this.clock = clock;
        this.onAppend = onAppend;
        droppedFull = Counter.builder("camgate.mqtt.outbox.dropped").tag("reason", "full")
                .description("Messages dropped from the MQTT outbox before the broker acknowledged them")
                .register(metrics);
        droppedRetention = Counter.builder("camgate.mqtt.outbox.dropped").tag("reason", "retention")
                .register(metrics);
        damaged = Counter.builder("camgate.mqtt.outbox.damaged")
                .description("Damaged outbox records found when opening (a crash mid-write leaves one)")
                .register(metrics);
        this.metrics = metrics;
        gauges = List.of(
                Gauge.builder("camgate.mqtt.outbox.messages", this, Outbox::size)
                        .description("Messages waiting for the broker's acknowledgement").register(metrics),
                Gauge.builder("camgate.mqtt.outbox.bytes", this, Outbox::bytes).register(metrics),
                Gauge.builder("camgate.mqtt.outbox.overflowed", this, o -> o.overflowed() ? 1 : 0)
                        .description("1 while messages have been dropped because the outbox was full")
                        .register(metrics));
    }

    /**
     * Opens (creating when missing) the outbox in {@code settings.dir()} and reads back what was not acknowledged.
     *
     * @param onAppend called after each append, outside the lock (wakes the sender)
     */
    public static Outbox open(OutboxSettings settings, Clock clock, MeterRegistry metrics, Runnable onAppend)
            throws IOException {
        return open(settings, OutboxFiles.DEFAULT, clock, metrics, onAppend);
    }

    /** As {@link #open(OutboxSettings, Clock, MeterRegistry, Runnable)}, opening its files through {@code files}. */
    public static Outbox open(OutboxSettings settings, OutboxFiles files, Clock clock, MeterRegistry metrics,
                              Runnable onAppend) throws IOException {
        Outbox outbox = new Outbox(settings, java.util.Objects.requireNonNull(files, "files"), clock, metrics,
                onAppend);
        outbox.load();
        return outbox;
    }

    private void load() throws IOException {
        Path dir = settings.dir();
        Files.createDirectories(dir);
        long mark = readMark();
        List<Path> found;
        try (Stream<Path> s = Files.list(dir)) {
            found = s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.seg")).sorted().toList();
        }
        long last = 0;
        for (int i = 0; i < found.size(); i++) {
            Path file = found.get(i);
            long first = Long.parseLong(file.getFileName().toString().substring(0, 20));
            ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
            OutboxRecords.Scan scan = OutboxRecords.scan(data, last);
            if (scan.damage() != null) {
                damaged.increment();
                boolean tail = i == found.size() - 1;
                log.warn("outbox {}: {} at byte {}; {}", file, scan.damage(), scan.goodBytes(),
                        tail ? "the rest (a write cut short by a crash) is discarded; the "
                                + scan.messages().size() + " records before it are kept"
                                : "the rest of this segment is unreadable and skipped");
                try (FileChannel ch = files.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(scan.goodBytes());
                    ch.force(true);
                }
            }
            long segmentLast = first - 1;
            for (OutboxMessage m : scan.messages()) {
                segmentLast = m.seq();
                last = m.seq();
                if (m.seq() >= mark) {
                    pending.put(m.seq(), m);
                    noteRetained(m);
                    pendingBytes += OutboxRecords.size(m);
                }
            }
            segments.put(first, segmentLast);
        }
        nextSeq = Math.max(mark, last + 1);
        if (nextSeq == 0) {
            nextSeq = 1;
        }
        savedMark = mark;
        if (!pending.isEmpty()) {
            log.info("outbox {}: {} message(s) not yet acknowledged by the broker will be sent again", dir, pending.size());
        }
        enforceRetention();
    }

    private long readMark() {
        Path file = settings.dir().resolve(MARK);
        try {
            if (!Files.exists(file)) {
                return 0;
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            if (b.remaining() == 16) {
                long mark = b.getLong();
                if (b.getLong() == ~mark) {
                    return mark;
                }
            }
            log.warn("outbox {}: the acknowledgement mark is damaged; every message kept is sent again", file);
        } catch (IOException e) {
            log.warn("outbox {}: cannot read the acknowledgement mark ({}); every message kept is sent again", file,
                    e.toString());
        }
        return 0;
    }

    /** Writes the messages in order and returns their sequence numbers' first; they count as accepted on return. */
    public long append(List<OutboxMessage.Draft> drafts) throws IOException {
        long first;
        synchronized (this) {
            if (closed) {
                throw new IOException("outbox is closed");
            }
            long now = clock.millis();
            long nanos = System.nanoTime();
            List<OutboxMessage> messages = new ArrayList<>(drafts.size());
            int bytes = 0;
            for (OutboxMessage.Draft d : drafts) {
                OutboxMessage m = new OutboxMessage(nextSeq + messages.size(), now, d.topic(), d.retained(), d.payload(),
                        d.offeredNanos() != 0 ? d.offeredNanos() : nanos);
                messages.add(m);
                bytes += OutboxRecords.size(m);
            }
            if (writeBuffer.capacity() < bytes) {
                writeBuffer = ByteBuffer.allocateDirect(Math.max(bytes, writeBuffer.capacity() * 2));
            }
            ByteBuffer buf = writeBuffer.clear().limit(bytes);
            for (OutboxMessage m : messages) {
                OutboxRecords.encode(m, buf);
            }
            buf.flip();
            FileChannel ch;
            try {
                ch = write(buf);
            } catch (IOException writeFailed) {
                // E.g. the channel was closed because a writing thread was interrupted: cut any partial record
                // and try once more on a fresh channel.
                log.warn("outbox {}: write failed ({}); reopening the segment", settings.dir(), writeFailed.toString());
                reopenActive();
                buf.rewind();
                ch = write(buf);
            }
            first = nextSeq;
            nextSeq += messages.size();
            segments.put(activeFirst, nextSeq - 1);
            for (OutboxMessage m : messages) {
                makeRoom(OutboxRecords.size(m));
                pending.put(m.seq(), m);
                noteRetained(m);
                pendingBytes += OutboxRecords.size(m);
            }
            dirty = true;
            if (settings.fsyncInterval().isZero()) {
                ch.force(false);
                dirty = false;
            }
        }
        onAppend.run();
        return first;
    }

    private FileChannel write(ByteBuffer buf) throws IOException {
        FileChannel ch = activeSegment();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        activeGood += buf.limit();
        return ch;
    }

    private void reopenActive() throws IOException {
        if (active != null) {
            try {
                active.close();
            } catch (IOException ignored) {
                // replaced below
            }
            active = files.open(segmentFile(activeFirst), StandardOpenOption.WRITE);
            active.truncate(activeGood);
            active.close();
            active = files.open(segmentFile(activeFirst), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
    }

    private FileChannel activeSegment() throws IOException {
        if (active != null && active.size() >= settings.segmentBytes()) {
            rolled.add(active); // forced and closed by the next sync, off this thread
            active = openSegment(nextSeq);
        }
        if (active == null) {
            // First append of this run: continue the last segment when it ends where we start and has room.
            Map.Entry<Long, Long> last = segments.lastEntry();
            boolean reuse = last != null && last.getValue() == nextSeq - 1
                    && Files.size(segmentFile(last.getKey())) < settings.segmentBytes();
            active = openSegment(reuse ? last.getKey() : nextSeq);
        }
        return active;
    }

    private FileChannel openSegment(long first) throws IOException {
        activeFirst = first;
        segments.putIfAbsent(first, nextSeq - 1);
        FileChannel ch = files.open(segmentFile(first), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        activeGood = ch.size();
        return ch;
    }

    private Path segmentFile(long first) {
        return settings.dir().resolve(String.format("%020d.seg", first));
    }

    private void makeRoom(int bytes) {
        while (!pending.isEmpty()
                && (pending.size() + 1 > settings.maxMessages() || pendingBytes + bytes > settings.maxBytes())) {
            OutboxMessage oldest = pending.pollFirstEntry().getValue();
            pendingBytes -= OutboxRecords.size(oldest);
            droppedFull.increment();
            overflowDropsSinceLog++;
            if (!overflowed || clock.millis() - lastOverflowLog >= OVERFLOW_LOG_INTERVAL_MS) {
                log.error("MQTT OUTBOX FULL ({} messages, {} bytes; limits {} messages, {} bytes): dropped {} oldest "
                        + "unacknowledged message(s) to keep the newest alarms (last dropped: {}). The broker is "
                        + "unreachable or too slow.", pending.size() + 1, pendingBytes, settings.maxMessages(),
                        settings.maxBytes(), overflowDropsSinceLog, oldest.topic());
                overflowDropsSinceLog = 0;
                lastOverflowLog = clock.millis();
            }
            overflowed = true;
        }
    }

    /** The first pending message after {@code afterSeq} (use 0 to start from the oldest), or null. */
    public synchronized OutboxMessage next(long afterSeq) {
        Map.Entry<Long, OutboxMessage> e = pending.higherEntry(afterSeq);
        return e == null ? null : e.getValue();
    }

    private void noteRetained(OutboxMessage m) {
        if (m.retained()) {
            lastRetained.put(m.topic(), m.seq());
        }
    }

    /**
     * True when {@code m} is a retained message and a newer retained message for the same topic has been appended
     * since: the broker keeps only the last value of a retained topic, so {@code m} need not be sent (it can be
     * acknowledged). This also stops an older value, resent after a reconnect, from replacing a newer one the
     * broker already acknowledged.
     */
    public synchronized boolean superseded(OutboxMessage m) {
        if (!m.retained()) {
            return false;
        }
        Long last = lastRetained.get(m.topic());
        return last != null && last > m.seq();
    }

    /** The broker has the message: it is no longer pending. Unknown or repeated sequence numbers are ignored. */
    public synchronized void ack(long seq) {
        OutboxMessage m = pending.remove(seq);
        if (m != null) {
            pendingBytes -= OutboxRecords.size(m);
            if (pending.isEmpty() && overflowed) {
                overflowed = false;
                log.warn("MQTT outbox drained: every kept message is acknowledged ({} more dropped since the last "
                        + "report)", overflowDropsSinceLog);
                overflowDropsSinceLog = 0;
            }
        }
    }

    /**
     * Forces written messages to the disk, drops expired ones, saves the acknowledgement mark and deletes
     * segments wholly acknowledged. Called every {@code fsyncInterval} and at close, from one thread at a time;
     * the disk work happens outside the lock.
     */
    public void sync() throws IOException {
        FileChannel toForce;
        List<FileChannel> finished;
        long mark;
        synchronized (this) {
            if (closed) {
                return;
            }
            finished = new ArrayList<>(rolled);
            rolled.clear();
            toForce = dirty ? active : null;
            dirty = false;
            enforceRetention();
            mark = mark();
            if (mark == savedMark) {
                mark = -1;
            }
        }
        // Disk work outside the lock, so appends and acknowledgements do not wait for the disk.
        for (FileChannel ch : finished) {
            try (ch) {
                ch.force(false);
            }
        }
        if (toForce != null) {
            try {
                toForce.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                // rolled over (forced before closing) or closing (forced by close)
            }
        }
        if (mark < 0) {
            return;
        }
        Path tmp = settings.dir().resolve(MARK + ".tmp");
        try (FileChannel ch = files.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(16).putLong(mark).putLong(~mark).flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, settings.dir().resolve(MARK), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        synchronized (this) {
            savedMark = mark;
            deleteAcknowledgedSegments(mark);
        }
    }

    private void deleteAcknowledgedSegments(long mark) throws IOException {
        while (!segments.isEmpty()) {
            Map.Entry<Long, Long> first = segments.firstEntry();
            boolean isActive = active != null && first.getKey() == activeFirst;
            if (first.getValue() >= mark || isActive) {
                return;
            }
            Files.deleteIfExists(segmentFile(first.getKey()));
            segments.pollFirstEntry();
        }
    }

    private void enforceRetention() {
        long oldest = clock.millis() - settings.retention().toMillis();
        int dropped = 0;
        while (!pending.isEmpty() && pending.firstEntry().getValue().enqueued() < oldest) {
            OutboxMessage m = pending.pollFirstEntry().getValue();
            pendingBytes -= OutboxRecords.size(m);
            droppedRetention.increment();
            dropped++;
        }
        if (dropped > 0) {
            log.error("MQTT outbox: dropped {} message(s) older than the retention of {} without the broker's "
                    + "acknowledgement", dropped, settings.retention());
        }
    }

    /** The lowest sequence number not yet acknowledged (the next to be written when nothing is pending). */
    synchronized long mark() {
        return pending.isEmpty() ? nextSeq : pending.firstKey();
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized long bytes() {
        return pendingBytes;
    }

    /** True from the first message dropped because the outbox was full until it is empty again. */
    public synchronized boolean overflowed() {
        return overflowed;
    }

    @Override
    public void close() {
        try {
            sync();
        } catch (IOException e) {
            log.warn("outbox {}: final sync failed: {}", settings.dir(), e.toString());
        }
        closeFiles();
    }

    private synchronized void closeFiles() {
        if (closed) {
            return;
        }
        closed = true;
        gauges.forEach(metrics::remove);
        for (FileChannel ch : rolled) {
            try (ch) {
                ch.force(false);
            } catch (IOException e) {
                log.warn("outbox {}: cannot close a segment: {}", settings.dir(), e.toString());
            }
        }
        rolled.clear();
        if (active != null) {
            try {
                if (dirty) {
                    active.force(false);
                }
                active.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            active = null;
        }
    }
}
