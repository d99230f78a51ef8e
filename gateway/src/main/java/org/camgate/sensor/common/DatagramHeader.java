package org.camgate.sensor.common;

import io.netty.buffer.ByteBuf;

/**
 * The checks binary sensor datagrams (LiDAR, thermal) share: a little-endian magic, then a version byte and a header
 * length byte, and a total length the header fixes.
 */
public final class DatagramHeader {
    private DatagramHeader() {
    }

    /**
     * Checks that {@code buf} starts with a header of {@code kind} (magic at 0, version at 4, header length at 5), or
     * throws: truncated when shorter than the header but with the right magic, malformed otherwise.
     */
    public static void check(ByteBuf buf, String kind, int magic, int version, int header) throws PacketException {
        int len = buf.readableBytes();
        int at = buf.readerIndex();
        if (len < header) {
            throw new PacketException(len >= 4 && buf.getIntLE(at) == magic ? PacketResult.TRUNCATED : PacketResult.MALFORMED,
                    kind + " packet of " + len + " bytes (header is " + header + ")");
        }
        if (buf.getIntLE(at) != magic) {
            throw new PacketException(PacketResult.MALFORMED, "not a " + kind + " packet (magic)");
        }
        if (buf.getUnsignedByte(at + 4) != version || buf.getUnsignedByte(at + 5) != header) {
            throw new PacketException(PacketResult.MALFORMED, "unsupported " + kind + " packet version "
                    + buf.getUnsignedByte(at + 4));
        }
    }

    /** Checks that the datagram is exactly {@code expected} bytes long, or throws truncated or oversized. */
    public static void length(ByteBuf buf, String kind, long expected) throws PacketException {
        int len = buf.readableBytes();
        if (len < expected) {
            throw new PacketException(PacketResult.TRUNCATED, kind + " packet of " + len + " bytes (expected " + expected + ")");
        }
        if (len > expected) {
            throw new PacketException(PacketResult.OVERSIZED, kind + " packet of " + len + " bytes (expected " + expected + ")");
        }
    }
}
