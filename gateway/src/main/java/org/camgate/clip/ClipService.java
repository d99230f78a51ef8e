package org.camgate.clip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.config.CameraConfig;
import org.camgate.config.ClipsConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.stream.CameraStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm clips: one {@link ClipRecorder} per configured camera (a tap on its stream), one writer thread for every
 * clip (bounded queue: when it falls behind a clip is dropped, the video is not delayed), the {@link ClipStore},
 * retention (every 15 s: older than {@code retention}, then oldest first over {@code maxBytes}; each deletion
 * audited), and a {@code clip} event for every clip recorded. Disk work never runs on a camera's loop.
 */
public final class ClipService {
    private static final Logger log = LoggerFactory.getLogger(ClipService.class);
    public static final String AUDIT_RECORDED = "clip-recorded";
    public static final String AUDIT_DELETED = "clip-delete";
    public static final String AUDIT_VIEW = "clip-view";
    public static final String AUDIT_EXPORT = "clip-export";
    static final int MAX_QUEUED_TASKS = 10_000;
    static final long MAX_QUEUED_BYTES = 128L << 20;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ClipsConfig config;
    private final String site;
    private final EventBus events;
    private final AuditLog audit;
    private final Clock clock;
    private final ClipStore store;
    private final Map<String, ClipRecorder> recorders = new LinkedHashMap<>();
    private final Map<String, CameraStream> streams = new LinkedHashMap<>();
    private final Map<String, List<ClipExporter.Mask>> privacyMasks = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger diskFull = new AtomicInteger();
    private final Counter recorded;
    private final Counter failed;
    private final Counter deleted;
    private ThreadPoolExecutor writer;
    private ScheduledExecutorService io;
    private ThreadPoolExecutor exporter;
    private Runnable unsubscribe;
    private String publicUrl = "";

    public ClipService(ClipsConfig config, String site, EventBus events, AuditLog audit, MeterRegistry metrics,
                       Clock clock) {
        this.config = config;
        this.site = site;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.store = new ClipStore(config.dir(), config.encryptionKey().map(ClipCipher::new));
        recorded = Counter.builder("camgate.clips.recorded").description("alarm clips recorded").register(metrics);
        failed = Counter.builder("camgate.clips.failed").description("alarm clips lost (disk full, writer behind, "
                + "damaged video)").register(metrics);
        deleted = Counter.builder("camgate.clips.deleted").description("alarm clips deleted by retention").register(metrics);
        Gauge.builder("camgate.clips.disk.full", diskFull, AtomicInteger::get)
                .description("1 while clips stop because the disk is full (clips.minFree)").register(metrics);
        Gauge.builder("camgate.clips.bytes", store, ClipStore::storedBytes)
                .description("bytes the kept clips take on disk").register(metrics);
    }

    /** Opens the store (unfinished clips removed), starts the writer and retention. Disk work: not on a loop. */
    public void start() {
        try {
            List<String> removed = store.open();
            if (!removed.isEmpty()) {
                log.warn("clips: removed {} unfinished or damaged file(s) from {}", removed.size(), config.dir());
                audit.record(AuditEvent.builder("clip-removed", clock.instant()).remote("-")
                        .reason("unfinished or damaged at start").detail("files", removed).build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open clips.dir " + config.dir() + ": " + e.getMessage(), e);
        }
        writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_TASKS),
                new DefaultThreadFactory("clip-writer", true));
        ScheduledThreadPoolExecutor ioPool = new ScheduledThreadPoolExecutor(2, new DefaultThreadFactory("clip-io", true));
        ioPool.setRemoveOnCancelPolicy(true);
        io = ioPool;
        io.scheduleWithFixedDelay(this::enforceRetention, 0, 15, TimeUnit.SECONDS);
        // One export at a time (re-encoding takes a core), one more waiting; beyond that: busy.
        exporter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1),
                new DefaultThreadFactory("clip-export", true));
        unsubscribe = events.subscribe(this::onEvent);
        log.info("clips in {} (retention {}, at most {} MB{})", config.dir(), config.retention(), config.maxBytes() >> 20,
                config.encryptionKey().isPresent() ? ", encrypted" : "");
    }

    /** Records clips of {@code camera} from its stream (call after {@link #start}). */
    public void attach(CameraConfig camera, CameraStream stream, long preRollBytes) {
        Optional<List<String>> triggers = config.camera(camera.id());
        if (triggers.isEmpty()) {
            return;
        }
        ClipRecorder recorder = new ClipRecorder(camera.id(), camera.gate().preRoll(), preRollBytes, config.maxLength(),
                triggers.get(), this::startClip);
        recorders.put(camera.id(), recorder);
        privacyMasks.put(camera.id(), ClipExporter.Mask.privacyMasks(camera));
        streams.put(camera.id(), stream);
        stream.addTap(recorder);
    }

    /** The base of clip URLs in events, e.g. {@code http://127.0.0.1:8090}. */
    public void publicUrl(String base) {
        this.publicUrl = base;
    }

    public ClipStore store() {
        return store;
    }

    /** Runs disk reads for the HTTP side. */
    ScheduledExecutorService io() {
        return io;
    }

    /** An export made for an HTTP client: its id and the re-encoded MP4 (an unlinked file: closing frees it). */
    record Export(String id, ClipReader mp4) {
    }

    /**
     * Re-encodes {@code clip} with {@code masks}, the camera's privacy masks and, with {@code blurFaces}, its faces
     * pixelated, on the export thread (one at a time,
     * one waiting: {@link RejectedExecutionException} when busy) and audits it ({@code clip-export}: who, from where,
     * why). The export exists only as an open, already deleted file.
     */
    java.util.concurrent.CompletableFuture<Export> export(ClipMeta clip, List<ClipExporter.Mask> masks,
                                                          boolean blurFaces, String user, String remote, String reason) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            List<ClipExporter.Mask> all = new ArrayList<>(masks);
            all.addAll(privacyMasks.getOrDefault(clip.camera(), List.of()));
            String exportId = ClipExporter.newId();
            try {
                Path work = Files.createTempDirectory("camgate-export-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Path out = work.resolve(exportId + ".mp4");
                try {
                    ClipExporter.Result r = new ClipExporter(store).export(List.of(clip), all, blurFaces, exportId, out);
                    FileChannel ch = FileChannel.open(out, StandardOpenOption.READ);
                    audit.record(AuditEvent.builder(AUDIT_EXPORT, clock.instant()).user(user).remote(remote)
                            .camera(clip.camera()).transport("http").reason(reason).detail("export", exportId)
                            .detail("clips", List.of(clip.id())).detail("masks", all.size())
                            .detail("blurFaces", blurFaces).detail("faces", r.faces()).bytes(ch.size())
                            .build());
                    log.info("clip {}: export {} for {} ({} pictures, {} masks, {} faces blurred)", clip.id(), exportId,
                            user, r.pictures(), all.size(), r.faces());
                    return new Export(exportId, new ClipReader(ch, ch.size(), null));
                } finally {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(work);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, exporter);
    }

    /** Audits a view of a clip (HTTP). */
    void viewed(String user, String remote, ClipMeta clip, String what, long bytes) {
        audit.record(AuditEvent.builder(AUDIT_VIEW, clock.instant()).user(user).remote(remote).camera(clip.camera())
                .transport("http").detail("clip", clip.id()).detail("file", what).bytes(bytes).build());
    }

    private void onEvent(Event e) {
        if (!e.event().equals("gate") || !e.source().isCamera() || e.state() == EventState.INSTANT) {
            return;
        }
        ClipRecorder recorder = recorders.get(e.source().id());
        if (recorder == null) {
            return;
        }
        long at = System.nanoTime();
        boolean open = e.state() == EventState.START;
        Object t = e.data().get("triggers");
        List<String> triggers = t == null || t.toString().isEmpty() ? List.of() : Arrays.asList(t.toString().split(","));
        CameraStream stream = streams.get(e.source().id());
        try {
            stream.loop().execute(() -> recorder.gateChanged(open, triggers, at));
        } catch (RejectedExecutionException stopping) {
            // the gateway is stopping
        }
    }

    /** On a camera's loop: a new clip, or null when none can start. */
    private ClipRecorder.Handle startClip(String camera, long firstFrameNanos, List<String> triggers, boolean h265,
                                          String sdp) {
        Instant start = clock.instant().minusNanos(Math.max(0, System.nanoTime() - firstFrameNanos));
        String id = camera + "-" + ID_TIME.format(start) + "-"
                + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
                (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        ClipJob job = new ClipJob(id, camera, start, triggers, h265, sdp, store, config.minFree(), new ClipJob.Outcome() {
            @Override
            public void recorded(ClipMeta clip) {
                onRecorded(clip);
            }

            @Override
            public void failed(String cam, String clipId, String reason) {
                onFailed(cam, clipId, reason);
            }
        });
        return new ClipRecorder.Handle() {
            @Override
            public boolean frame(ClipFrame frame) {
                long size = frame.data().length;
                if (queuedBytes.addAndGet(size) > MAX_QUEUED_BYTES) {
                    queuedBytes.addAndGet(-size);
                    dropped(job, "the clip writer fell behind (" + (MAX_QUEUED_BYTES >> 20) + " MB queued)");
                    return false;
                }
                try {
                    writer.execute(() -> {
                        queuedBytes.addAndGet(-size);
                        job.frame(frame);
                    });
                    return true;
                } catch (RejectedExecutionException full) {
                    queuedBytes.addAndGet(-size);
                    dropped(job, "the clip writer fell behind (queue full)");
                    return false;
                }
            }

            @Override
            public void finish() {
                try {
                    writer.execute(job::finish);
                } catch (RejectedExecutionException full) {
                    dropped(job, "the clip writer fell behind (queue full)");
                }
            }

            @Override
            public void abort(String reason) {
                dropped(job, reason);
            }
        };
    }

    private void dropped(ClipJob job, String reason) {
        try {
            io.execute(() -> job.abort(reason));
        } catch (RejectedExecutionException stopping) {
            // removed as unfinished at the next start
        }
    }

    private void onRecorded(ClipMeta clip) {
        recorded.increment();
        diskFull.set(0);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("clip", clip.id());
        data.put("start", clip.start().toString());
        data.put("end", clip.end().toString());
        data.put("duration", clip.duration().toMillis() / 1000.0);
        data.put("bytes", clip.bytes());
        data.put("url", publicUrl + "/clips/" + clip.id() + ".mp4");
        data.put("snapshotUrl", publicUrl + "/clips/" + clip.id() + ".jpg");
        data.put("triggers", String.join(",", clip.triggers()));
        log.info("camera {}: clip {} recorded ({} s, {} bytes)", clip.camera(), clip.id(),
                clip.duration().toMillis() / 1000.0, clip.bytes());
        audit.record(AuditEvent.builder(AUDIT_RECORDED, clock.instant()).remote("-").camera(clip.camera())
                .detail("clip", clip.id()).bytes(clip.bytes()).duration(clip.duration())
                .detail("encrypted", clip.encrypted()).build());
        events.publish(Event.of(clock.instant(), site, EventSource.camera(clip.camera()), "clip", EventState.INSTANT,
                null, data));
        if (store.storedBytes() > config.maxBytes()) {
            io.execute(this::enforceRetention);
        }
    }

    private void onFailed(String camera, String id, String reason) {
        failed.increment();
        boolean full = reason.startsWith("disk full");
        if (full) {
            diskFull.set(1);
        }
        log.warn("camera {}: clip {} lost: {}", camera, id, reason);
        audit.record(AuditEvent.builder("clip-failed", clock.instant()).remote("-").camera(camera).detail("clip", id)
                .reason(reason).build());
        events.publish(Event.of(clock.instant(), site, EventSource.camera(camera), "clip-failed", EventState.INSTANT,
                null, Map.of("clip", id, "reason", full ? "disk full" : reason)));
    }

    /** Deletes clips past retention, then the oldest while over maxBytes; each deletion audited. */
    void enforceRetention() {
        try {
            Instant horizon = clock.instant().minus(config.retention());
            List<ClipMeta> all = new ArrayList<>(store.list());
            for (ClipMeta clip : List.copyOf(all)) {
                if (clip.end().isBefore(horizon)) {
                    delete(clip, "older than retention " + config.retention());
                    all.remove(clip);
                }
            }
            while (!all.isEmpty() && store.storedBytes() > config.maxBytes()) {
                delete(all.remove(0), "over maxBytes " + config.maxBytes());
            }
        } catch (RuntimeException | IOException e) {
            log.warn("clips: retention failed: {}", e.toString());
        }
    }

    private void delete(ClipMeta clip, String reason) throws IOException {
        if (store.delete(clip.id())) {
            deleted.increment();
            audit.record(AuditEvent.builder(AUDIT_DELETED, clock.instant()).remote("-").camera(clip.camera())
                    .detail("clip", clip.id()).reason(reason).build());
        }
    }

    /** Takes no more clips: those being taken are finished (bounded wait), then the writer stops. */
    public void stop() {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
        for (Map.Entry<String, ClipRecorder> e : recorders.entrySet()) {
            CameraStream stream = streams.get(e.getKey());
            stream.removeTap(e.getValue());
            try {
                stream.loop().submit(e.getValue()::close).await(2, TimeUnit.SECONDS);
            } catch (RejectedExecutionException | InterruptedException stopped) {
                // the loop is gone: nothing left to finish there
            }
        }
        recorders.clear();
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer = null;
        }
        if (io != null) {
            io.shutdownNow();
            io = null;
        }
        if (exporter != null) {
            exporter.shutdownNow();
            exporter = null;
        }
    }
}
