package org.camgate.sensor.lidar;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import org.camgate.sensor.common.DetectionSink;
import org.camgate.sensor.common.FramedInput;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;

/** LiDAR datagrams reassembled into frames for the {@link LidarDetector}. */
public final class LidarInput extends FramedInput<PointCloud> {
    private float[] points = new float[4 * 1024];

    public LidarInput(LidarSettings config) {
        super(Lidar.NAME, "points", () -> new LidarDetector(config));
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
        offer(p.frameId, p.offset, p.count, p.total);
        if (points.length < p.total * 4) {
            points = new float[p.total * 4];
        }
        int base = p.offset * 4;
        for (int i = 0; i < p.count * 4; i++) {
            points[base + i] = payload.getFloatLE(at + i * 4);
        }
        if (frameComplete()) {
            detect(new PointCloud(points, frameTotal()), now, sink);
        }
    }
}
