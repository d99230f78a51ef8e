package org.camgate.sensor;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import org.camgate.config.SensorConfig;

/** Thermal datagrams reassembled into frames ({@link FrameTracker}) for the {@link ThermalDetector}. */
final class ThermalInput implements SensorInput {
    private final FrameTracker tracker = new FrameTracker();
    private final SensorConfig config;
    private ThermalDetector detector;
    private short[] pixels = new short[0];
    private int width;
    private int height;
    private long frameId = -1;

    ThermalInput(SensorConfig config) {
        this.config = config;
        this.detector = new ThermalDetector(config);
    }

    @Override
    public void onDatagram(ByteBuf payload, Instant now, DetectionSink sink) throws PacketException {
        ThermalPacket p = ThermalPacket.header(payload);
        int total = p.width * p.height;
        if (p.frameId == frameId && (p.width != width || p.height != height)) {
            throw new PacketException(PacketResult.MALFORMED, "thermal frame " + p.frameId + " changed its size");
        }
        FrameTracker.Verdict v = tracker.offer(p.frameId, p.offset, p.count, total);
        switch (v) {
            case OUT_OF_ORDER -> throw new PacketException(PacketResult.OUT_OF_ORDER, "thermal frame " + p.frameId + " is late");
            case DUPLICATE -> throw new PacketException(PacketResult.DUPLICATE, "thermal pixels " + p.offset + "+" + p.count + " again");
            case INCONSISTENT -> throw new PacketException(PacketResult.MALFORMED, "thermal frame " + p.frameId + " changed its size");
            case SEQUENCE_JUMP -> throw new PacketException(PacketResult.SEQUENCE_JUMP, "thermal frame " + p.frameId
                    + " is far from frame " + tracker.currentFrame() + "; not used unless its numbering continues");
            default -> { }
        }
        if (pixels.length < total) {
            pixels = new short[total];
        }
        frameId = p.frameId;
        width = p.width;
        height = p.height;
        int at = payload.readerIndex() + ThermalPacket.HEADER;
        for (int i = 0; i < p.count; i++) {
            pixels[p.offset + i] = payload.getShortLE(at + i * 2);
        }
        if (tracker.completeAndClose()) {
            detector.onFrame(new ThermalFrame(width, height, pixels), now, sink);
        }
    }

    @Override
    public void forgetDetections() {
        detector = new ThermalDetector(config);
    }

    @Override
    public void reset() {
        frameId = -1;
        tracker.reset();
        detector.reset();
    }

    @Override
    public long framesAbandoned() {
        return tracker.abandoned();
    }

    @Override
    public long resyncs() {
        return tracker.resyncs();
    }

    @Override
    public long currentSequence() {
        return tracker.currentFrame();
    }
}
