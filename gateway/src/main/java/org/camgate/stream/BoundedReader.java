package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reader with a bounded queue, sized in bytes of video. When a frame would overflow it, the
 * frame is dropped, and so is every following frame of that track until the next keyframe: a
 * slow reader loses whole frames and resumes with a decodable picture, and never holds more than
 * its bound, while the other readers are not delayed at all.
 *
 * <p>Decisions are made on the stream's event loop; writes run on the reader's own event loop, ending with
 * one flush per frame, so a frame of many packets costs one system call. A stream hands a frame to all its
 * readers through a {@link ReaderFanOut}: one task per reader event loop and frame, not one per reader.
 */
public abstract class BoundedReader implements StreamReader {
    private final long maxQueuedBytes;
    private final long stallNanos;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final boolean[] waitingForKeyframe;
    private long lastAcceptedNanos = System.nanoTime();
    private boolean stallReported;
    /** The camera's totals this reader adds to (set on the stream's loop when attached). */
    private StreamCounters counters;

    protected BoundedReader(int tracks, long maxQueuedBytes, long stallNanos) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.stallNanos = stallNanos;
        this.waitingForKeyframe = new boolean[tracks];
        Arrays.fill(waitingForKeyframe, true);
    }

    /** The executor that owns the reader's channel. */
    protected abstract EventExecutor executor();

    /** Bytes written to the reader's channel that the socket has not taken yet. */
    protected abstract long pendingBytes();

    /** Writes the frame's packets and flushes; runs on {@link #executor()}. Do not release the frame. */
    protected abstract void write(Frame frame);

    /** Writes a sender report; runs on {@link #executor()}. Do not release the report. */
    protected abstract void writeSenderReport(int track, ByteBuf report);

    /** Called (on the stream's loop) when nothing could be sent for longer than the stall limit. */
    protected abstract void stalled();

    /** False for tracks the reader did not set up; their frames are ignored. */
    protected abstract boolean wants(int track);

    @Override
    public final void onFrame(Frame frame) {
        if (!accept(frame)) {
            return;
        }
        frame.retain();
        run(() -> {
            try {
                writeAccepted(frame);
            } finally {
                frame.release();
            }
        }, () -> {
            abandon(frame);
            frame.release();
        });
    }

    /**
     * Decides, on the stream's loop, whether {@code frame} goes to this reader; when it does, its bytes count as
     * in flight until {@link #writeAccepted} or {@link #abandon} runs for it (exactly one of them must).
     */
    final boolean accept(Frame frame) {
        int track = frame.track();
        if (track >= waitingForKeyframe.length || !wants(track)) {
            return false;
        }
        if (waitingForKeyframe[track] && !frame.keyframe()) {
            dropped(frame);
            return false;
        }
        int size = frame.bytes();
        if (inFlight.get() + pendingBytes() + size > maxQueuedBytes) {
            waitingForKeyframe[track] = true;
            dropped(frame);
            return false;
        }
        waitingForKeyframe[track] = false;
        lastAcceptedNanos = frame.createdNanos();
        inFlight.addAndGet(size);
        return true;
    }

    /** Writes an accepted frame; runs on {@link #executor()}; the caller holds the frame and releases it. */
    final void writeAccepted(Frame frame) {
        int size = frame.bytes();
        try {
            write(frame);
            bytesSent.addAndGet(size);
            StreamCounters totals = counters;
            if (totals != null) {
                totals.sent(size);
            }
        } finally {
            inFlight.addAndGet(-size);
        }
    }

    /** An accepted frame that will not be written after all (the reader's loop is shutting down). */
    final void abandon(Frame frame) {
        inFlight.addAndGet(-frame.bytes());
    }

    @Override
    public final void onSenderReport(int track, ByteBuf report) {
        if (track >= waitingForKeyframe.length || !wants(track)) {
            return;
        }
        report.retain();
        run(() -> {
            try {
                writeSenderReport(track, report);
            } finally {
                report.release();
            }
        }, report::release);
    }

    private void run(Runnable task, Runnable rejected) {
        EventExecutor executor = executor();
        if (executor.inEventLoop()) {
            task.run();
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closing) {
            rejected.run();
        }
    }

    @Override
    public void gateOpened() {
        // A shut gate sends nothing, which is no stall of the reader's.
        lastAcceptedNanos = System.nanoTime();
    }

    /** Called by the stream on its loop when the reader is attached. */
    void countInto(StreamCounters totals) {
        counters = totals;
    }

    private void dropped(Frame frame) {
        framesDropped.incrementAndGet();
        if (counters != null) {
            counters.dropped();
        }
        if (!stallReported && frame.createdNanos() - lastAcceptedNanos > stallNanos) {
            stallReported = true;
            stalled();
        }
    }

    /** Bytes handed to the channel so far (interleaved headers included). */
    public long bytesSent() {
        return bytesSent.get();
    }

    public long framesDropped() {
        return framesDropped.get();
    }
}
