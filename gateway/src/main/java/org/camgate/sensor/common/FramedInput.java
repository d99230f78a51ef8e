package org.camgate.sensor.common;

/**
 * The base of the inputs whose frames arrive split across datagrams (LiDAR points, thermal pixels): one
 * {@link FrameTracker} per sensor, its verdicts turned into counted {@link PacketException}s, and the frame
 * bookkeeping (abandoned frames, resyncs, current frame id) reported from one place. Used on one thread.
 */
public abstract class FramedInput implements SensorInput {
    private final FrameTracker tracker = new FrameTracker();
    private final String kind;
    private final String units;

    /**
     * @param kind  the sensor kind, in messages ({@code lidar})
     * @param units what a frame is made of, in messages ({@code points})
     */
    protected FramedInput(String kind, String units) {
        this.kind = kind;
        this.units = units;
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

    @Override
    public final void reset() {
        tracker.reset();
        resetFrame();
    }

    /** Forgets the partial frame's own state and the detector's tracks (after a silence). */
    protected abstract void resetFrame();

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
