package org.camgate.protocol.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One binary frame of RTSP interleaved transport (RFC 2326 10.12): {@code $}, a channel byte,
 * a 16-bit length, then an RTP or RTCP packet. The payload is a retained slice of the bytes
 * received, so forwarding it copies nothing.
 */
public final class InterleavedFrame extends DefaultByteBufHolder {
    private final int channel;

    public InterleavedFrame(int channel, ByteBuf payload) {
        super(payload);
        if (channel < 0 || channel > 255) {
            throw new IllegalArgumentException("channel: " + channel + " (expected: 0-255)");
        }
        this.channel = channel;
    }

    public int channel() {
        return channel;
    }

    @Override
    public InterleavedFrame replace(ByteBuf content) {
        return new InterleavedFrame(channel, content);
    }

    @Override
    public InterleavedFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public String toString() {
        return "InterleavedFrame(channel=" + channel + ", " + content().readableBytes() + " bytes)";
    }
}
