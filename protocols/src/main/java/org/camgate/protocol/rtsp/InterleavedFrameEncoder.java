package org.camgate.protocol.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/** Writes an {@link InterleavedFrame} as a 4-byte header followed by its payload, without copying. */
@ChannelHandler.Sharable
public final class InterleavedFrameEncoder extends MessageToMessageEncoder<InterleavedFrame> {

    @Override
    protected void encode(ChannelHandlerContext ctx, InterleavedFrame frame, List<Object> out) {
        out.add(header(ctx.alloc().buffer(4), frame.channel(), frame.content().readableBytes()));
        out.add(frame.content().retain());
    }

    /** Writes the interleaved header for a payload of {@code length} bytes on {@code channel}. */
    public static ByteBuf header(ByteBuf buf, int channel, int length) {
        if (length > 65535) {
            throw new IllegalArgumentException("length: " + length + " (expected: <= 65535)");
        }
        return buf.writeByte('$').writeByte(channel).writeShort(length);
    }
}
