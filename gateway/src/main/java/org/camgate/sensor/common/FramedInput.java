package org.camgate.sensor.common;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * The base of the inputs whose frames arrive split across datagrams (LiDAR points, thermal pixels): one
 * {@link FrameTracker} per sensor, its verdicts turned into counted {@link PacketException}s, and the frame
 * bookkeeping (abandoned frames, resyncs, current frame id) reported from one place; complete frames go to the
 * kind's {@link FrameDetector}. Used on one thread.
 *
 * @param <F> the kind's frame
 */
public abstract class FramedInput<F> implements SensorInput {
    private final FrameTracker tracker = new FrameTracker();
    private final String kind;
    private final String units;
    private final Supplier<? extends FrameDetector<F>> detectors;
    private FrameDetector<F> detector;

    /**
     * @param kind      the sensor kind, in messages ({@code lidar})
     * @param units     what a frame is made of, in messages ({@code points})
     * @param detectors makes the sensor's detectors (again when its detections are forgotten)
     */
    protected FramedInput(String kind, String units, Supplier<? extends FrameDetector<F>> detectors) {
        this.kind = kind;
        this.units = units;
        this.detectors = detectors;
        this.detector = detectors.get();
    }

    /**
     * Takes units {@code [offset, offset + count)} of frame {@code frameId} of {@code total} units, or throws how the
     * datagram is counted; the caller then copies the units.
     */
    protected final void offer(long frameId, int offset, int count, int total) throws PacketException {
        switch (tracker.offer(frameId, offset, count, total)) {
            case OUT_OF_ORDER -> throw new PacketException(PacketResult.OUT_OF_ORDER, kind + " frame " + frameId + " is late");
            case DUPLICATE -> throw new PacketException(PacketResult.DUPLICATE, kind + " " + units + " " + offset + "+" + count
                    + " again");
            case INCONSISTENT -> throw new PacketException(PacketResult.MALFORMED, kind + " frame " + frameId
                    + " changed its size");
            case SEQUENCE_JUMP -> throw new PacketException(PacketResult.SEQUENCE_JUMP, kind + " frame " + frameId
                    + " is far from frame " + tracker.currentFrame() + "; not used unless its numbering continues");
            default -> { }
        }
    }

    /** True once every unit of the current frame arrived; the frame is then closed. */
    protected final boolean frameComplete() {
        return tracker.completeAndClose();
    }

    /** Units in the current frame. */
    protected final int frameTotal() {
        return tracker.total();
    }

    /** Runs the detectors on a complete frame. */
    protected final void detect(F frame, Instant now, DetectionSink sink) {
        detector.onFrame(frame, now, sink);
    }

    @Override
    public final void reset() {
        tracker.reset();
        resetFrame();
        detector.reset();
    }

    /** Forgets what the subclass keeps of the partial frame (after a silence); nothing by default. */
    protected void resetFrame() {
    }

    @Override
    public final void forgetDetections() {
        detector = detectors.get();
    }

    @Override
    public final long framesAbandoned() {
        return tracker.abandoned();
    }

    @Override
    public final long resyncs() {
        return tracker.resyncs();
    }

    @Override
    public final long currentSequence() {
        return tracker.currentFrame();
    }
}
