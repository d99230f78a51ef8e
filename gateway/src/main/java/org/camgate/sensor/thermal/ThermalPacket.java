package org.camgate.sensor.thermal;

import io.netty.buffer.ByteBuf;
import org.camgate.sensor.common.DatagramHeader;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;

/**
 * The thermal datagram (all little-endian):
 * <pre>
 * offset size
 *  0      4   magic "CGTH"
 *  4      1   version, 1
 *  5      1   header length, 24
 *  6      2   width, pixels (1..{@link #MAX_WIDTH})
 *  8      2   height, pixels (1..{@link #MAX_HEIGHT})
 * 10      2   reserved, 0
 * 12      4   frame id (unsigned, increasing, wraps)
 * 16      4   pixel offset: index in the frame (row-major, row 0 first) of this packet's first pixel
 * 20      4   pixel count in this packet (>= 1)
 * 24    2*n   pixels: temperature in centi-kelvin, uint16 (29315 = 20.00 C)
 * </pre>
 * The frame has width * height pixels; its packets share width and height.
 */
final class ThermalPacket {
    static final int MAGIC = 0x48544743; // "CGTH" read little-endian
    static final int VERSION = 1;
    static final int HEADER = 24;
    static final int MAX_WIDTH = 640;
    static final int MAX_HEIGHT = 480;

    final int width;
    final int height;
    final long frameId;
    final int offset;
    final int count;

    private ThermalPacket(int width, int height, long frameId, int offset, int count) {
        this.width = width;
        this.height = height;
        this.frameId = frameId;
        this.offset = offset;
        this.count = count;
    }

    static ThermalPacket header(ByteBuf buf) throws PacketException {
        DatagramHeader.check(buf, Thermal.NAME, MAGIC, VERSION, HEADER);
        int at = buf.readerIndex();
        int width = buf.getUnsignedShortLE(at + 6);
        int height = buf.getUnsignedShortLE(at + 8);
        if (width == 0 || height == 0) {
            throw new PacketException(PacketResult.MALFORMED, "thermal frame of " + width + "x" + height);
        }
        if (width > MAX_WIDTH || height > MAX_HEIGHT) {
            throw new PacketException(PacketResult.OVERSIZED, "thermal frame of " + width + "x" + height
                    + " (expected: at most " + MAX_WIDTH + "x" + MAX_HEIGHT + ")");
        }
        long frameId = buf.getUnsignedIntLE(at + 12);
        long offset = buf.getUnsignedIntLE(at + 16);
        long count = buf.getUnsignedIntLE(at + 20);
        long total = (long) width * height;
        if (count == 0 || offset + count > total) {
            throw new PacketException(PacketResult.MALFORMED, "thermal pixels " + offset + "+" + count + " outside a frame of " + total);
        }
        DatagramHeader.length(buf, Thermal.NAME, HEADER + count * 2);
        return new ThermalPacket(width, height, frameId, (int) offset, (int) count);
    }
}
