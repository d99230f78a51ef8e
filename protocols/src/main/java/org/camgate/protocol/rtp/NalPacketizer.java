package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * RTP packetization of H.264 (RFC 6184, packetization-mode=1) and H.265 (RFC 7798) access units: a NAL unit
 * that fits in one payload is sent as-is (single NAL unit packet), a larger one is split into fragmentation
 * units (FU-A for H.264, FU for H.265). The marker bit is set on the last packet of each access unit. Sequence
 * numbers continue across calls. Not thread-safe: one packetizer belongs to one stream.
 */
public final class NalPacketizer {
    /** Payload bytes per packet that keep an RTP packet well inside a 1500-byte Ethernet MTU. */
    public static final int DEFAULT_MAX_PAYLOAD = 1400;

    private static final int RTP_HEADER = 12;
    private final NalCodec codec;
    private final int fuOverhead;
    private final int payloadType;
    private final int ssrc;
    private final int maxPayload;
    private int sequence;

    public NalPacketizer(NalCodec codec, int payloadType, int ssrc, int firstSequence, int maxPayload) {
        this.codec = java.util.Objects.requireNonNull(codec, "codec");
        // The payload header (the NAL header's size) plus one FU header byte.
        this.fuOverhead = codec.headerBytes() + 1;
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType: " + payloadType + " (expected: 0-127)");
        }
        if (maxPayload <= fuOverhead) {
            throw new IllegalArgumentException("maxPayload: " + maxPayload + " (expected: > " + fuOverhead + ")");
        }
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.maxPayload = maxPayload;
        this.sequence = firstSequence & 0xFFFF;
    }

    public NalPacketizer(NalCodec codec, int payloadType, int ssrc, int firstSequence) {
        this(codec, payloadType, ssrc, firstSequence, DEFAULT_MAX_PAYLOAD);
    }

    /** The sequence number the next packet will carry. */
    public int nextSequence() {
        return sequence;
    }

    /**
     * Packetizes one access unit. The NAL units (without start codes) are read, not consumed or
     * released; the caller owns the returned packets.
     */
    public List<ByteBuf> packetize(ByteBufAllocator alloc, List<ByteBuf> nalUnits, int timestamp) {
        List<ByteBuf> packets = new ArrayList<>(nalUnits.size() + 4);
        try {
            for (int i = 0; i < nalUnits.size(); i++) {
                boolean lastNal = i == nalUnits.size() - 1;
                ByteBuf nal = nalUnits.get(i);
                if (!nal.isReadable()) {
                    continue;
                }
                if (nal.readableBytes() <= maxPayload || nal.readableBytes() <= codec.headerBytes()) {
                    ByteBuf packet = header(alloc, nal.readableBytes(), lastNal, timestamp);
                    packets.add(packet.writeBytes(nal, nal.readerIndex(), nal.readableBytes()));
                } else {
                    fragment(alloc, nal, lastNal, timestamp, packets);
                }
            }
            return packets;
        } catch (RuntimeException e) {
            packets.forEach(ByteBuf::release);
            throw e;
        }
    }

    private void fragment(ByteBufAllocator alloc, ByteBuf nal, boolean lastNal, int timestamp, List<ByteBuf> out) {
        int first0 = nal.getUnsignedByte(nal.readerIndex());
        int type = codec.type(first0);
        int offset = nal.readerIndex() + codec.headerBytes();
        int end = nal.writerIndex();
        int chunk = maxPayload - fuOverhead;
        boolean first = true;
        while (offset < end) {
            int length = Math.min(chunk, end - offset);
            boolean last = offset + length == end;
            ByteBuf packet = header(alloc, fuOverhead + length, last && lastNal, timestamp);
            if (codec == NalCodec.H264) {
                packet.writeByte((first0 & 0xE0) | codec.fragmentType());
            } else {
                // PayloadHdr: F and the layer id's top bit kept, type = FU; second byte (layer id, TID) kept.
                packet.writeByte((first0 & 0x81) | (codec.fragmentType() << 1));
                packet.writeByte(nal.getUnsignedByte(nal.readerIndex() + 1));
            }
            packet.writeByte((first ? 0x80 : 0) | (last ? 0x40 : 0) | type);
            packet.writeBytes(nal, offset, length);
            out.add(packet);
            offset += length;
            first = false;
        }
    }

    private ByteBuf header(ByteBufAllocator alloc, int payloadLength, boolean marker, int timestamp) {
        ByteBuf packet = alloc.buffer(RTP_HEADER + payloadLength);
        packet.writeByte(0x80);
        packet.writeByte((marker ? 0x80 : 0) | payloadType);
        packet.writeShort(sequence);
        packet.writeInt(timestamp);
        packet.writeInt(ssrc);
        sequence = (sequence + 1) & 0xFFFF;
        return packet;
    }
}
