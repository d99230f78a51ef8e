package org.camgate.sensor;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import org.camgate.config.SensorConfig;

/** LiDAR datagrams reassembled into frames ({@link FrameTracker}) for the {@link LidarDetector}. */
final class LidarInput implements SensorInput {
    private final FrameTracker tracker = new FrameTracker();
    private final SensorConfig config;
    private LidarDetector detector;
    private float[] points = new float[4 * 1024];

    LidarInput(SensorConfig config) {
        this.config = config;
        this.detector = new LidarDetector(config);
    }

    @Override
    public void onDatagram(ByteBuf payload, Instant now, DetectionSink sink) throws PacketException {
        LidarPacket p = LidarPacket.header(payload);
        int at = payload.readerIndex() + LidarPacket.HEADER;
        for (int i = 0; i < p.count * 4; i++) {
            if (!Float.isFinite(payload.getFloatLE(at + i * 4))) {
                throw new PacketException(PacketResult.MALFORMED, "lidar point value not finite");
            }
        }
        switch (tracker.offer(p.frameId, p.offset, p.count, p.total)) {
            case OUT_OF_ORDER -> throw new PacketException(PacketResult.OUT_OF_ORDER, "lidar frame " + p.frameId + " is late");
            case DUPLICATE -> throw new PacketException(PacketResult.DUPLICATE, "lidar points " + p.offset + "+" + p.count + " again");
            case INCONSISTENT -> throw new PacketException(PacketResult.MALFORMED, "lidar frame " + p.frameId + " changed its size");
            case SEQUENCE_JUMP -> throw new PacketException(PacketResult.SEQUENCE_JUMP, "lidar frame " + p.frameId
                    + " is far from frame " + tracker.currentFrame() + "; not used unless its numbering continues");
            default -> { }
        }
        if (points.length < p.total * 4) {
            points = new float[p.total * 4];
        }
        int base = p.offset * 4;
        for (int i = 0; i < p.count * 4; i++) {
            points[base + i] = payload.getFloatLE(at + i * 4);
        }
        if (tracker.completeAndClose()) {
            detector.onFrame(new PointCloud(points, tracker.total()), now, sink);
        }
    }

    @Override
    public void forgetDetections() {
        detector = new LidarDetector(config);
    }

    @Override
    public void reset() {
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
