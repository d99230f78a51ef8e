package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.rtp.NalPacketizer;
import org.camgate.protocol.rtp.Rtp;
import org.camgate.protocol.sdp.MediaDescription;
import org.camgate.protocol.sdp.SessionDescription;

import java.util.ArrayList;
import java.util.List;

/** Builds the frames of {@code whileShut: placeholder}: the grey picture, and the camera's own parameter sets. */
final class PlaceholderFrames {
    private PlaceholderFrames() {
    }

    /** One access unit as an interleaved keyframe of {@code track}; sequence numbers are set when it is forwarded. */
    static Frame frame(ByteBufAllocator alloc, int track, List<byte[]> nals, int payloadType, long ssrc, long timestamp) {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H264, payloadType, (int) ssrc, 0);
        List<ByteBuf> units = new ArrayList<>(nals.size());
        for (byte[] nal : nals) {
            units.add(Unpooled.wrappedBuffer(nal));
        }
        List<ByteBuf> rtp = packetizer.packetize(alloc, units, (int) timestamp);
        List<ByteBuf> framed = new ArrayList<>(rtp.size());
        for (ByteBuf packet : rtp) {
            ByteBuf out = alloc.buffer(Frame.HEADER + packet.readableBytes());
            out.writeByte('$').writeByte(2 * track).writeShort(packet.readableBytes()).writeBytes(packet);
            packet.release();
            framed.add(out);
        }
        return new Frame(track, true, framed, System.nanoTime());
    }

    /** The RTP timestamp of a frame's first packet. */
    static long timestamp(Frame frame) {
        ByteBuf first = frame.packet(0);
        return Rtp.timestamp(first.slice(first.readerIndex() + Frame.HEADER, first.readableBytes() - Frame.HEADER));
    }

    /** Whether an H.264 frame carries an SPS in band (single NAL unit or inside a STAP-A). */
    static boolean hasSps(Frame frame) {
        return !sps(frame).isEmpty();
    }

    /** The SPS NAL units carried in band by an H.264 frame. */
    static List<byte[]> sps(Frame frame) {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuf packet : frame.packets()) {
            ByteBuf rtp = packet.slice(packet.readerIndex() + Frame.HEADER, packet.readableBytes() - Frame.HEADER);
            int at = Rtp.headerLength(rtp);
            int end = rtp.writerIndex();
            if (at >= end) {
                continue;
            }
            int type = rtp.getByte(at) & 0x1f;
            if (type == 7) {
                byte[] nal = new byte[end - at];
                rtp.getBytes(at, nal);
                out.add(nal);
            } else if (type == 24) {
                int i = at + 1;
                while (i + 2 <= end) {
                    int size = rtp.getUnsignedShort(i);
                    i += 2;
                    if (size == 0 || i + size > end) {
                        break;
                    }
                    if ((rtp.getByte(i) & 0x1f) == 7) {
                        byte[] nal = new byte[size];
                        rtp.getBytes(i, nal);
                        out.add(nal);
                    }
                    i += size;
                }
            }
        }
        return out;
    }

    /** The camera's SPS and PPS from the first video section's {@code sprop-parameter-sets}, or empty. */
    static List<byte[]> spropParameterSets(String sdp) {
        try {
            return SessionDescription.parse(sdp).media().stream().filter(m -> m.type().equals("video")).findFirst()
                    .map(MediaDescription::parameterSets).orElse(List.of());
        } catch (IllegalArgumentException unreadable) {
            return List.of();
        }
    }
}
