package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * RTP depacketization of H.264 (RFC 6184, non-interleaved mode) and H.265 (RFC 7798) back to Annex B access
 * units for a decoder, the inverse of {@link NalPacketizer}: single NAL unit packets, aggregation packets (STAP-A,
 * AP) and fragmentation units (FU-A, FU) are handled; other packet types (STAP-B, MTAP, FU-B, PACI) are skipped.
 * An access unit ends at the RTP marker bit, or when the timestamp or SSRC changes (a camera that forgets the
 * marker).
 * <p>
 * Loss: an access unit that lost a packet (a gap in the sequence numbers inside it, a fragmented NAL unit without
 * its start or end, a packet that is not RTP) is dropped whole: half a picture decodes to garbage. A gap before a
 * unit's marker drops that unit (the lost packets may be its end); the unit after the gap is kept when its packets
 * are whole, marked {@link AccessUnit#afterLoss()} (what was lost may be its first NAL units or the picture it
 * refers to: a decoder should wait for a keyframe). Reordered or duplicated packets count as loss.
 * <p>
 * Bounds: an access unit larger than {@code maxBytes} (Annex B, start codes included) is dropped whole and the
 * rest of its packets skipped, so a hostile stream cannot grow memory beyond that; aggregation sizes that run past
 * their packet end the packet. Never throws on garbage. Not thread-safe: one depacketizer belongs to one stream.
 */
public final class NalDepacketizer {
    /** A bound above any real camera's picture (a 4K keyframe at high quality is 1-2 MB). */
    public static final int DEFAULT_MAX_BYTES = 8 << 20;

    private static final byte[] START = {0, 0, 0, 1};
    private static final byte[] NONE = new byte[0];
    /** A buffer this large is not kept between access units much smaller than it. */
    private static final int KEEP_BYTES = 1 << 20;

    /**
     * One access unit in Annex B (each NAL unit behind a 4-byte start code).
     *
     * @param timestamp the RTP timestamp
     * @param keyframe  whether it holds an IDR (H.264) or IRAP (H.265) picture
     * @param afterLoss whether packets were lost just before it
     */
    public record AccessUnit(long timestamp, byte[] annexB, boolean keyframe, boolean afterLoss) {
    }

    private final NalCodec codec;
    private final int maxBytes;
    private byte[] buffer = NONE;
    private int length;
    // The unit being assembled.
    private boolean pending;
    private long timestamp;
    private long ssrc;
    private boolean inFragment;
    private boolean broken;
    private boolean oversized;
    private boolean keyframe;
    private boolean afterLoss;
    // Across units.
    private int expectedSequence = -1;
    private boolean lossBeforeNext;
    private long droppedForLoss;
    private long droppedForSize;

    public NalDepacketizer(NalCodec codec, int maxBytes) {
        this.codec = Objects.requireNonNull(codec, "codec");
        if (maxBytes < 64) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 64)");
        }
        this.maxBytes = maxBytes;
    }

    public NalDepacketizer(NalCodec codec) {
        this(codec, DEFAULT_MAX_BYTES);
    }

    public NalCodec codec() {
        return codec;
    }

    /**
     * Takes one RTP packet (read, not consumed or released) and gives {@code sink} the access unit it completes,
     * if any (the previous one when this packet starts a new timestamp, this one when it carries the marker).
     */
    public void add(ByteBuf rtp, Consumer<AccessUnit> sink) {
        if (!Rtp.isValid(rtp)) {
            lost();
            return;
        }
        long ts = Rtp.timestamp(rtp);
        long source = Rtp.ssrc(rtp);
        if (source != ssrc) {
            expectedSequence = -1; // another stream: its numbering starts anew
        }
        int sequence = Rtp.sequenceNumber(rtp);
        if (expectedSequence >= 0 && sequence != expectedSequence) {
            // Before the marker, lost packets may be the pending unit's tail; they may also be the next one's head.
            lost();
            lossBeforeNext = true;
        }
        expectedSequence = (sequence + 1) & 0xFFFF;
        if (pending && (ts != timestamp || source != ssrc)) {
            finish(sink);
        }
        if (!pending) {
            begin(ts, source);
        }
        lossBeforeNext = false;
        if (!broken && !oversized) {
            int start = rtp.readerIndex() + Rtp.headerLength(rtp);
            payload(rtp, start, start + Rtp.payloadLength(rtp));
        }
        if (Rtp.marker(rtp)) {
            finish(sink);
        }
    }

    /** The stream (or the caller's frame) ended: gives {@code sink} the pending access unit when it is whole. */
    public void end(Consumer<AccessUnit> sink) {
        finish(sink);
    }

    /**
     * The packets of one access unit, already grouped (e.g. a frame the gateway assembled), as Annex B; empty when
     * the unit is incomplete, holds no NAL unit, is too large, or the packets are not one access unit. Forgets the
     * state of earlier packets first.
     */
    public byte[] depacketize(List<ByteBuf> rtpPackets) {
        reset();
        long packetBytes = 0;
        for (ByteBuf packet : rtpPackets) {
            packetBytes += packet.readableBytes();
        }
        if (packetBytes > buffer.length) {
            // Usually more than the access unit needs (RTP headers go, start codes come): one allocation.
            buffer = new byte[(int) Math.min(maxBytes, packetBytes)];
        }
        List<AccessUnit> units = new ArrayList<>(1);
        for (ByteBuf packet : rtpPackets) {
            add(packet, units::add);
        }
        end(units::add);
        return units.size() == 1 ? units.get(0).annexB() : NONE;
    }

    /** Forgets the pending unit and the sequence numbering (a new session); counters are kept. */
    public void reset() {
        pending = false;
        expectedSequence = -1;
        lossBeforeNext = false;
        length = 0;
    }

    /** Access units dropped because a packet was lost or damaged. */
    public long droppedForLoss() {
        return droppedForLoss;
    }

    /** Access units dropped because they were larger than the bound. */
    public long droppedForSize() {
        return droppedForSize;
    }

    private void lost() {
        if (pending) {
            broken = true;
        } else {
            lossBeforeNext = true;
        }
    }

    private void begin(long ts, long source) {
        pending = true;
        timestamp = ts;
        ssrc = source;
        length = 0;
        inFragment = false;
        broken = false;
        oversized = false;
        keyframe = false;
        afterLoss = lossBeforeNext;
        lossBeforeNext = false;
    }

    private void finish(Consumer<AccessUnit> sink) {
        if (!pending) {
            return;
        }
        pending = false;
        if (oversized) {
            droppedForSize++;
        } else if (broken || inFragment) {
            droppedForLoss++;
        } else if (length > 0) {
            AccessUnit unit = new AccessUnit(timestamp, Arrays.copyOf(buffer, length), keyframe, afterLoss);
            release();
            sink.accept(unit);
            return;
        }
        release();
    }

    private void release() {
        if (buffer.length > KEEP_BYTES && length < buffer.length / 4) {
            buffer = NONE;
        }
        length = 0;
    }

    private void payload(ByteBuf p, int start, int end) {
        if (end <= start) {
            return;
        }
        int first = p.getUnsignedByte(start);
        int type = codec.type(first);
        int header = codec.headerBytes();
        if (type == (codec == NalCodec.H264 ? 24 : 48)) {
            notInFragment();
            aggregation(p, start + header, end);
        } else if (type == codec.fragmentType()) {
            fragment(p, start, end, first);
        } else if (codec == NalCodec.H264 ? type >= 1 && type <= 23 : type < 48 && end - start > header) {
            notInFragment();
            nal(p, start, end - start);
        } else {
            notInFragment(); // a type this depacketizer skips
        }
    }

    private void notInFragment() {
        if (inFragment) {
            broken = true; // the fragmented unit's end was lost
        }
    }

    /** STAP-A / AP: 16-bit sizes each followed by a NAL unit; a size that runs past the packet ends it. */
    private void aggregation(ByteBuf p, int at, int end) {
        while (at + 2 <= end && !oversized) {
            int size = p.getUnsignedShort(at);
            at += 2;
            if (size == 0 || at + size > end) {
                return;
            }
            nal(p, at, size);
            at += size;
        }
    }

    /** FU-A / FU: the fragment header after the payload header; the NAL header is rebuilt at the start. */
    private void fragment(ByteBuf p, int start, int end, int first) {
        int header = codec.headerBytes();
        if (end - start <= header + 1) {
            broken = true;
            return;
        }
        int fu = p.getUnsignedByte(start + header);
        boolean begins = (fu & 0x80) != 0;
        boolean ends = (fu & 0x40) != 0;
        if (begins == inFragment) {
            broken = true; // a new unit before the last one ended, or a middle without a start
            return;
        }
        if (begins) {
            write(START, 0, START.length);
            if (codec == NalCodec.H264) {
                writeByte((first & 0xE0) | (fu & 0x1F));
                noteType(fu & 0x1F);
            } else {
                writeByte((first & 0x81) | ((fu & 0x3F) << 1));
                writeByte(p.getUnsignedByte(start + 1));
                noteType(fu & 0x3F);
            }
        }
        int data = start + header + 1;
        copy(p, data, end - data);
        inFragment = !ends;
    }

    private void nal(ByteBuf p, int at, int size) {
        write(START, 0, START.length);
        noteType(codec.type(p.getUnsignedByte(at)));
        copy(p, at, size);
    }

    private void noteType(int type) {
        keyframe |= codec == NalCodec.H264 ? type == 5 : type >= 16 && type <= 21;
    }

    private boolean room(int bytes) {
        if (oversized || (long) length + bytes > maxBytes) {
            oversized = true;
            return false;
        }
        if (length + bytes > buffer.length) {
            int grown = (int) Math.min(maxBytes, Math.max(Math.max(4096L, (long) buffer.length * 2), length + bytes));
            buffer = Arrays.copyOf(buffer, grown);
        }
        return true;
    }

    private void write(byte[] bytes, int offset, int count) {
        if (room(count)) {
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
        }
    }

    private void writeByte(int b) {
        if (room(1)) {
            buffer[length++] = (byte) b;
        }
    }

    private void copy(ByteBuf p, int at, int count) {
        if (room(count)) {
            p.getBytes(at, buffer, length, count);
            length += count;
        }
    }
}
