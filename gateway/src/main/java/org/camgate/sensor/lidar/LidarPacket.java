package org.camgate.sensor.lidar;

import io.netty.buffer.ByteBuf;
import org.camgate.sensor.common.DatagramHeader;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;

/**
 * The LiDAR datagram (all little-endian):
 * <pre>
 * offset size
 *  0      4   magic "CGLP"
 *  4      1   version, 1
 *  5      1   header length, 24
 *  6      2   reserved, 0
 *  8      4   frame id (unsigned, increasing, wraps)
 * 12      4   point offset: index in the frame of this packet's first point
 * 16      4   point count in this packet (>= 1)
 * 20      4   total points in the frame (>= 1, at most {@link #MAX_FRAME_POINTS})
 * 24   16*n   points: x, y, z (metres, sensor frame, z up), intensity; float32 each
 * </pre>
 */
final class LidarPacket {
    static final int MAGIC = 0x504C4743; // "CGLP" read little-endian
    static final int VERSION = 1;
    static final int HEADER = 24;
    static final int POINT_BYTES = 16;
    static final int MAX_FRAME_POINTS = 262_144;

    final long frameId;
    final int offset;
    final int count;
    final int total;

    private LidarPacket(long frameId, int offset, int count, int total) {
        this.frameId = frameId;
        this.offset = offset;
        this.count = count;
        this.total = total;
    }

    /** Reads and checks the header; the points follow at {@code buf.readerIndex() + HEADER}. */
    static LidarPacket header(ByteBuf buf) throws PacketException {
        DatagramHeader.check(buf, Lidar.NAME, MAGIC, VERSION, HEADER);
        int at = buf.readerIndex();
        long frameId = buf.getUnsignedIntLE(at + 8);
        long offset = buf.getUnsignedIntLE(at + 12);
        long count = buf.getUnsignedIntLE(at + 16);
        long total = buf.getUnsignedIntLE(at + 20);
        if (total > MAX_FRAME_POINTS) {
            throw new PacketException(PacketResult.OVERSIZED, "lidar frame of " + total + " points (expected: at most "
                    + MAX_FRAME_POINTS + ")");
        }
        if (count == 0 || total == 0 || offset + count > total) {
            throw new PacketException(PacketResult.MALFORMED, "lidar points " + offset + "+" + count + " outside a frame of " + total);
        }
        DatagramHeader.length(buf, Lidar.NAME, HEADER + count * POINT_BYTES);
        return new LidarPacket(frameId, (int) offset, (int) count, (int) total);
    }
}
