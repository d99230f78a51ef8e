package org.camgate.motion;

import org.camgate.config.MotionConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.rtp.NalDepacketizer;
import org.camgate.stream.Frame;
import org.camgate.stream.FrameTap;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.TrackInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One camera's motion analysis. Taps the camera's frames on its event loop (gate open or not), rebuilds access
 * units there (cheap) and hands them to a shared worker pool through a bounded per-camera queue, where they are
 * decoded one camera at a time ({@link LumaDecoder}), analysed at the configured rate ({@link MotionAnalyzer}) and
 * turned into {@code motion} start/end events on the bus ({@link MotionHysteresis}). When the workers fall behind,
 * the queue drops pictures until the next keyframe (the decoder needs whole groups), never grows.
 */
public final class MotionDetector implements FrameTap {
    private static final Logger log = LoggerFactory.getLogger(MotionDetector.class);
    /** Queued access units per camera, about 2 s at 25 fps. */
    static final int QUEUE_LIMIT = 50;
    static final long COARSE_KEYFRAME_NANOS = 2_000_000_000L;
    private static final long NO_KEYFRAME = Long.MIN_VALUE;

    private final String cameraId;
    private final String site;
    private final MotionConfig config;
    private final Executor workers;
    private final Executor publisher;
    private final EventBus bus;
    private final Clock clock;
    private final long intervalNanos;

    // Camera loop state.
    private int videoTrack = -1;
    private boolean h265;
    private NalDepacketizer depacketizer = new NalDepacketizer(NalCodec.H264);
    private boolean waitForKeyframe = true;
    private long lastKeyframeNanos = NO_KEYFRAME;
    private boolean coarseWarned;
    private int lastSequence = -1;
    /** Written on the loop only; volatile for status readers. */
    private volatile long incompleteFrames;

    // Shared between the loop (producer) and the worker (consumer).
    private final ArrayDeque<Unit> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;

    // Worker state (one worker at a time per camera).
    private LumaDecoder decoder;
    private boolean decoderH265;
    private MotionAnalyzer analyzer;
    private final MotionHysteresis hysteresis;
    private long nextAnalysisNanos;
    private volatile double score;
    private volatile long analysed;
    private volatile long dropped;
    /** The hysteresis state, published for readers on other threads (the hysteresis itself is the worker's). */
    private volatile boolean motion;

    /**
     * @param workers   where pictures are decoded and analysed (shared by cameras; one task per camera at a time)
     * @param publisher where motion events are published: the camera's event loop, where its gate reacts to them
     *                  too, so that a gate change caused by motion reaches listeners after the motion event
     */
    public MotionDetector(String cameraId, String site, MotionConfig config, Executor workers, Executor publisher,
                          EventBus bus, Clock clock) {
        this.cameraId = cameraId;
        this.site = site;
        this.config = config;
        this.workers = workers;
        this.publisher = publisher;
        this.bus = bus;
        this.clock = clock;
        this.intervalNanos = 1_000_000_000L / Math.max(1, config.fps());
        this.hysteresis = new MotionHysteresis(config.startFrames(), config.endFrames());
    }

    private record Unit(byte[] data, boolean keyframe, boolean h265, long nanos) {
    }

    @Override
    public void onDescription(StreamDescription description) {
        videoTrack = description.gopTrack();
        h265 = videoTrack >= 0 && description.tracks().get(videoTrack).encoding().equalsIgnoreCase("H265");
        depacketizer = new NalDepacketizer(h265 ? NalCodec.H265 : NalCodec.H264);
        waitForKeyframe = true;
        lastSequence = -1;
        lastKeyframeNanos = NO_KEYFRAME;
        if (videoTrack < 0) {
            log.warn("camera {}: no H.264/H.265 video track; motion analysis idle", cameraId);
        }
    }

    @Override
    public void onFrame(Frame frame) {
        if (frame.track() != videoTrack) {
            return;
        }
        if (frame.keyframe()) {
            checkKeyframeInterval(frame.createdNanos());
        }
        int first = AccessUnits.firstSequence(frame);
        if (lastSequence >= 0 && first >= 0 && first != ((lastSequence + 1) & 0xffff)) {
            // Packets were lost between frames: what follows refers to a picture the decoder never got.
            incompleteFrames++;
            waitForKeyframe = true;
        }
        lastSequence = AccessUnits.lastSequence(frame);
        if (config.keyframesOnly() ? !frame.keyframe() : waitForKeyframe && !frame.keyframe()) {
            return;
        }
        byte[] data = AccessUnits.annexB(frame, depacketizer);
        if (data.length == 0) {
            incompleteFrames++;
            waitForKeyframe = true;
            return;
        }
        waitForKeyframe = false;
        Unit unit = new Unit(data, frame.keyframe(), h265, frame.createdNanos());
        boolean start;
        synchronized (queue) {
            if (closed) {
                return;
            }
            if (queue.size() >= QUEUE_LIMIT) {
                queue.clear();
                dropped++;
                waitForKeyframe = true;
                if (!unit.keyframe()) {
                    return;
                }
            }
            queue.add(unit);
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                workers.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                synchronized (queue) {
                    queue.clear();
                    draining = false;
                }
            }
        }
    }

    private void checkKeyframeInterval(long nanos) {
        if (lastKeyframeNanos != NO_KEYFRAME && config.keyframesOnly() && !coarseWarned
                && nanos - lastKeyframeNanos > COARSE_KEYFRAME_NANOS) {
            coarseWarned = true;
            log.warn("camera {}: keyframes come {} ms apart; keyframe-only motion analysis sees that coarsely "
                    + "(set the camera's keyframe interval to 2 s or less, or turn keyframesOnly off)",
                    cameraId, (nanos - lastKeyframeNanos) / 1_000_000);
        }
        lastKeyframeNanos = nanos;
    }

    /** Runs on a worker: decodes and analyses everything queued, then yields the thread. */
    private void drain() {
        while (true) {
            Unit unit;
            synchronized (queue) {
                unit = queue.poll();
                if (unit == null || closed) {
                    draining = false;
                    if (closed) {
                        queue.clear();
                        releaseDecoder();
                    }
                    return;
                }
            }
            try {
                process(unit);
            } catch (RuntimeException e) {
                log.warn("camera {}: motion analysis failed: {}", cameraId, e.toString());
            }
        }
    }

    private void process(Unit unit) {
        if (decoder == null || decoderH265 != unit.h265()) {
            releaseDecoder();
            decoder = new LumaDecoder(unit.h265(), config.height());
            decoderH265 = unit.h265();
        }
        boolean due = unit.nanos() >= nextAnalysisNanos;
        if (!decoder.decode(unit.data(), due) || !due) {
            return;
        }
        nextAnalysisNanos = Math.max(nextAnalysisNanos + intervalNanos, unit.nanos() + intervalNanos / 2);
        if (analyzer == null || analyzer.width() != decoder.width() || analyzer.height() != decoder.height()) {
            analyzer = new MotionAnalyzer(decoder.width(), decoder.height(), config);
        }
        double s = analyzer.analyse(decoder.luma());
        score = s;
        analysed++;
        MotionHysteresis.Change change = hysteresis.next(s > 0);
        if (change != MotionHysteresis.Change.NONE) {
            boolean start = change == MotionHysteresis.Change.START;
            motion = start;
            log.info("camera {}: motion {}", cameraId, start ? "start" : "end");
            Event event = Event.of(clock.instant(), site, EventSource.camera(cameraId), "motion",
                    start ? EventState.START : EventState.END, null, Map.of("score", Math.round(s * 1000) / 1000.0));
            try {
                publisher.execute(() -> bus.publish(event));
            } catch (RejectedExecutionException stopping) {
                log.debug("camera {}: motion event after shutdown dropped", cameraId);
            }
        }
    }

    private void releaseDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }

    /** The last analysed picture's motion score: the share (0-1) of the counted area in changed regions. */
    public double score() {
        return score;
    }

    public long analysed() {
        return analysed;
    }

    /** How often the queue overflowed (the analysis could not keep up). */
    public long overflows() {
        return dropped;
    }

    /** Whether motion is on (started and not yet ended), as of the last analysed picture. Any thread. */
    public boolean motion() {
        return motion;
    }

    /** Times a loss (a gap in RTP sequence numbers, an incomplete frame) made the analysis wait for a keyframe. */
    public long incompleteFrames() {
        return incompleteFrames;
    }

    /** The analysis as status readers see it; any thread. */
    public Map<String, Object> status() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("motion", motion);
        out.put("score", Math.round(score * 1000) / 1000.0);
        out.put("keyframesOnly", config.keyframesOnly());
        out.put("analysed", analysed);
        out.put("overflows", dropped);
        out.put("incompleteFrames", incompleteFrames);
        return out;
    }

    /** Stops analysing; native memory is freed by the worker (or here when idle). Idempotent. */
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            if (draining) {
                return;
            }
        }
        releaseDecoder();
    }

    public String cameraId() {
        return cameraId;
    }

    static boolean isH265(TrackInfo track) {
        return track.encoding().equalsIgnoreCase("H265");
    }
}
