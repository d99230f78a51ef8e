package org.camgate.clip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.camgate.stream.Frame;

/**
 * A heap copy of one video frame for the clip writer's thread, made on the camera's loop before the frame goes to
 * readers (whose sequence numbers are then written into the shared buffer).
 *
 * @param data      the frame's RTP packets, each behind its 4-byte interleaved header, back to back
 * @param rtpTime   the RTP timestamp the frame arrived with (90 kHz for video)
 * @param nanos     when it arrived ({@link System#nanoTime()})
 */
record ClipFrame(byte[] data, long rtpTime, long nanos, boolean keyframe) {
    static ClipFrame copy(Frame frame, long rtpTime) {
        byte[] data = new byte[frame.bytes()];
        frame.data().getBytes(frame.data().readerIndex(), data);
        return new ClipFrame(data, rtpTime, frame.createdNanos(), frame.keyframe());
    }

    /** The RTP timestamp of a frame's first packet, as it is now. */
    static long rtpTime(Frame frame) {
        ByteBuf p = frame.data();
        return p.readableBytes() < Frame.HEADER + 8 ? 0 : p.getUnsignedInt(p.readerIndex() + Frame.HEADER + 4);
    }

    /** The packets, each with its interleaved header (views of {@link #data}). */
    List<ByteBuf> packets() {
        ByteBuf all = Unpooled.wrappedBuffer(data);
        List<ByteBuf> out = new ArrayList<>();
        int at = 0;
        while (at + Frame.HEADER <= data.length) {
            int length = all.getUnsignedShort(at + 2);
            if (at + Frame.HEADER + length > data.length) {
                break;
            }
            out.add(all.slice(at, Frame.HEADER + length));
            at += Frame.HEADER + length;
        }
        return out;
    }
}
