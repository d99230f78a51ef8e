package org.camgate.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Builds RTP (RFC 3550 5.1) and RTCP sender report packets as raw bytes for tests. Buffers are
 * unpooled heap buffers; the caller releases them.
 */
public final class RtpPackets {
    private int payloadType = 96;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc = 0x11223344L;
    private boolean marker;
    private int csrcCount;
    private int extensionWords = -1;
    private int padding;
    private byte[] payload = new byte[0];

    private RtpPackets() {
    }

    public static RtpPackets rtp() {
        return new RtpPackets();
    }

    public RtpPackets payloadType(int pt) {
        this.payloadType = pt;
        return this;
    }

    public RtpPackets seq(int seq) {
        this.sequenceNumber = seq;
        return this;
    }

    public RtpPackets ts(long ts) {
        this.timestamp = ts;
        return this;
    }

    public RtpPackets ssrc(long ssrc) {
        this.ssrc = ssrc;
        return this;
    }

    public RtpPackets marker(boolean marker) {
        this.marker = marker;
        return this;
    }

    public RtpPackets marker() {
        return marker(true);
    }

    public RtpPackets csrcs(int count) {
        this.csrcCount = count;
        return this;
    }

    /** Adds a header extension of {@code words} 32-bit words after its 4-byte header. */
    public RtpPackets extension(int words) {
        this.extensionWords = words;
        return this;
    }

    /** Adds {@code bytes} of padding, the last byte holding the count. */
    public RtpPackets padding(int bytes) {
        this.padding = bytes;
        return this;
    }

    public RtpPackets payload(int... bytes) {
        this.payload = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            this.payload[i] = (byte) bytes[i];
        }
        return this;
    }

    /** A payload of {@code size} bytes starting with {@code first} (a NAL header, say). */
    public RtpPackets payloadOfSize(int size, int... first) {
        this.payload = new byte[size];
        for (int i = 0; i < first.length && i < size; i++) {
            this.payload[i] = (byte) first[i];
        }
        return this;
    }

    public byte[] bytes() {
        ByteBuf buf = build();
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    public ByteBuf build() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80 | (padding > 0 ? 0x20 : 0) | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        b.writeByte((marker ? 0x80 : 0) | payloadType);
        b.writeShort(sequenceNumber);
        b.writeInt((int) timestamp);
        b.writeInt((int) ssrc);
        for (int i = 0; i < csrcCount; i++) {
            b.writeInt(0x0c000000 + i);
        }
        if (extensionWords >= 0) {
            b.writeShort(0xbede).writeShort(extensionWords);
            b.writeZero(4 * extensionWords);
        }
        b.writeBytes(payload);
        if (padding > 0) {
            b.writeZero(padding - 1).writeByte(padding);
        }
        return b;
    }

    /** The packet behind a 4-byte interleaved header ({@code $}, channel, length). */
    public ByteBuf interleaved(int channel) {
        byte[] rtp = bytes();
        return Unpooled.buffer(4 + rtp.length).writeByte('$').writeByte(channel).writeShort(rtp.length).writeBytes(rtp);
    }

    /** An RTCP sender report without report blocks (28 bytes). */
    public static ByteBuf senderReport(long ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        return Unpooled.buffer(28).writeByte(0x80).writeByte(200).writeShort(6).writeInt((int) ssrc)
                .writeLong(ntp).writeInt((int) rtpTimestamp).writeInt((int) packets).writeInt((int) octets);
    }

    /** Heap copies of {@code packets} (a packetizer's output, say), which are released. */
    public static java.util.List<byte[]> copiesReleasing(java.util.List<ByteBuf> packets) {
        java.util.List<byte[]> out = new java.util.ArrayList<>(packets.size());
        for (ByteBuf p : packets) {
            byte[] b = new byte[p.readableBytes()];
            p.getBytes(p.readerIndex(), b);
            out.add(b);
            p.release();
        }
        return out;
    }
}
