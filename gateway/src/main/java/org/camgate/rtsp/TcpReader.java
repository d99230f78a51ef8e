package org.camgate.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import org.camgate.protocol.rtsp.InterleavedFrameEncoder;
import org.camgate.stream.BoundedReader;
import org.camgate.stream.Frame;
import org.slf4j.LoggerFactory;

/**
 * Sends a session's tracks interleaved on its RTSP connection. Frames are stored framed for
 * channel {@code 2 * track}; when the reader chose that channel (nearly all do) a whole frame goes
 * out as one duplicate of the shared buffer, otherwise as one composite of the reader's own headers and
 * slices of the shared packets: either way one write and one flush per frame, with a void promise.
 */
final class TcpReader extends BoundedReader {
    private final Channel channel;
    private final int[] rtpChannels;
    private final int[] rtcpChannels;
    private final long highWaterMark;
    private final long maxQueuedBytes;

    TcpReader(Channel channel, int[] rtpChannels, int[] rtcpChannels, long maxQueuedBytes, long stallNanos) {
        super(rtpChannels.length, maxQueuedBytes, stallNanos);
        this.channel = channel;
        this.highWaterMark = channel.config().getWriteBufferHighWaterMark();
        this.maxQueuedBytes = maxQueuedBytes;
        this.rtpChannels = rtpChannels.clone();
        this.rtcpChannels = rtcpChannels.clone();
    }

    @Override
    protected EventExecutor executor() {
        return channel.eventLoop();
    }

    /**
     * From the channel's write-buffer high water mark (the server sets it to the reader queue) and Netty's
     * thread-safe {@link Channel#bytesBeforeUnwritable()}: once unwritable, the channel counts as full until it
     * drained below its low water mark.
     */
    @Override
    protected long pendingBytes() {
        long room = channel.bytesBeforeUnwritable();
        return room > 0 ? Math.max(0, highWaterMark + 1 - room) : Math.max(highWaterMark, maxQueuedBytes);
    }

    @Override
    protected boolean wants(int track) {
        return rtpChannels[track] >= 0;
    }

    @Override
    protected void write(Frame frame) {
        if (!channel.isActive()) {
            return;
        }
        int wanted = rtpChannels[frame.track()];
        if (wanted == 2 * frame.track()) {
            channel.write(frame.data().retainedDuplicate(), channel.voidPromise());
        } else {
            channel.write(renumbered(frame, wanted), channel.voidPromise());
        }
        channel.flush();
    }

    @Override
    protected void writeSenderReport(int track, ByteBuf report) {
        if (channel.isActive() && rtcpChannels[track] >= 0) {
            writePacket(report, rtcpChannels[track], 2 * track + 1);
            channel.flush();
        }
    }

    private void writePacket(ByteBuf packet, int wanted, int stored) {
        if (wanted == stored) {
            channel.write(packet.retainedDuplicate(), channel.voidPromise());
        } else {
            writeRenumbered(packet, wanted);
        }
    }

    /** A reader that chose other interleaved channels: a header of its own, then the packet. */
    private void writeRenumbered(ByteBuf packet, int channelNumber) {
        int length = packet.readableBytes() - Frame.HEADER;
        channel.write(InterleavedFrameEncoder.header(channel.alloc().buffer(Frame.HEADER), channelNumber, length),
                channel.voidPromise());
        channel.write(packet.retainedSlice(packet.readerIndex() + Frame.HEADER, length), channel.voidPromise());
    }

    /**
     * The frame for a reader that chose other interleaved channels, still as one write: the reader's headers for
     * the whole frame in one small buffer, interleaved with slices of the shared packets in one composite.
     */
    private ByteBuf renumbered(Frame frame, int channelNumber) {
        int packets = frame.packetCount();
        ByteBuf headers = channel.alloc().directBuffer(Frame.HEADER * packets);
        CompositeByteBuf out = channel.alloc().compositeDirectBuffer(2 * packets);
        try {
            for (int i = 0; i < packets; i++) {
                ByteBuf packet = frame.packet(i);
                int length = packet.readableBytes() - Frame.HEADER;
                InterleavedFrameEncoder.header(headers, channelNumber, length);
                out.addComponent(true, headers.retainedSlice(Frame.HEADER * i, Frame.HEADER));
                out.addComponent(true, packet.retainedSlice(packet.readerIndex() + Frame.HEADER, length));
            }
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            headers.release();
        }
        return out;
    }

    @Override
    protected void stalled() {
        LoggerFactory.getLogger(TcpReader.class).info("{}: reader took no video for too long; disconnecting",
                channel.remoteAddress());
        channel.close();
    }
}
