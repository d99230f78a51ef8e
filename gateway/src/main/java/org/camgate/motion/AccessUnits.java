package org.camgate.motion;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.rtp.NalDepacketizer;
import org.camgate.protocol.rtp.Rtp;
import org.camgate.stream.Frame;

import java.util.ArrayList;
import java.util.List;

/**
 * A frame's packets as the decoder wants them: the RTP packets behind the interleaved headers go through a
 * {@link NalDepacketizer} (RFC 6184 / RFC 7798), which gives one Annex-B access unit, or nothing when the frame lost
 * a packet (half a picture would decode to garbage that the analysis would see as motion). Also the sequence
 * numbers at the frame's ends, to notice packets lost between frames.
 */
public final class AccessUnits {
    private AccessUnits() {
    }

    /** The access unit, or an empty array when the frame is incomplete or holds no NAL unit. */
    static byte[] annexB(Frame frame, NalDepacketizer depacketizer) {
        return depacketizer.depacketize(rtp(frame.packets()));
    }

    /**
     * The same for a frame's packets, each with its interleaved header (e.g. a copy made for another thread);
     * {@code bytes} is not needed any more (kept for the clip writer, which can use {@link NalDepacketizer} directly).
     */
    public static byte[] annexB(List<ByteBuf> interleavedPackets, int bytes, boolean h265) {
        return new NalDepacketizer(h265 ? NalCodec.H265 : NalCodec.H264).depacketize(rtp(interleavedPackets));
    }

    /** Views of the RTP packets behind their interleaved headers (not retained). */
    private static List<ByteBuf> rtp(List<ByteBuf> interleaved) {
        List<ByteBuf> rtp = new ArrayList<>(interleaved.size());
        for (ByteBuf packet : interleaved) {
            int length = packet.readableBytes() - Frame.HEADER;
            rtp.add(length < 0 ? Unpooled.EMPTY_BUFFER : packet.slice(packet.readerIndex() + Frame.HEADER, length));
        }
        return rtp;
    }

    /** The RTP sequence number of the frame's first packet, or -1 when it has none. */
    static int firstSequence(Frame frame) {
        return frame.packetCount() == 0 ? -1 : sequence(frame.packet(0));
    }

    /** The RTP sequence number of the frame's last packet, or -1 when it has none. */
    static int lastSequence(Frame frame) {
        return frame.packetCount() == 0 ? -1 : sequence(frame.packet(frame.packetCount() - 1));
    }

    private static int sequence(ByteBuf interleaved) {
        return interleaved.readableBytes() < Frame.HEADER + Rtp.FIXED_HEADER ? -1
                : interleaved.getUnsignedShort(interleaved.readerIndex() + Frame.HEADER + 2);
    }
}
