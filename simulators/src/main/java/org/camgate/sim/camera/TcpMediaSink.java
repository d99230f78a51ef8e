package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.camgate.protocol.rtsp.InterleavedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends a session's packets interleaved on its RTSP connection: one task on the connection's
 * event loop per frame, one write per packet, one flush per frame. A connection that cannot
 * keep up loses whole video frames and resumes at the next keyframe.
 */
final class TcpMediaSink implements MediaSink {
    private final Channel channel;
    private final int[] rtpChannels;
    private boolean waitingForKeyframe;

    /** {@code rtpChannels[track]} is the interleaved RTP channel (RTCP is the next one), or -1. */
    TcpMediaSink(Channel channel, int[] rtpChannels) {
        this.channel = channel;
        this.rtpChannels = rtpChannels.clone();
    }

    @Override
    public void frame(int track, List<ByteBuf> packets, boolean keyframe) {
        int rtpChannel = rtpChannels[track];
        if (rtpChannel < 0) {
            return;
        }
        if (!channel.isWritable()) {
            waitingForKeyframe |= track == StreamPlayer.VIDEO;
            return;
        }
        if (track == StreamPlayer.VIDEO) {
            if (waitingForKeyframe && !keyframe) {
                return;
            }
            waitingForKeyframe = false;
        }
        List<InterleavedFrame> frames = new ArrayList<>(packets.size());
        for (ByteBuf packet : packets) {
            frames.add(new InterleavedFrame(rtpChannel, packet.retainedDuplicate()));
        }
        send(frames);
    }

    @Override
    public void rtcp(int track, ByteBuf packet) {
        if (rtpChannels[track] >= 0) {
            send(List.of(new InterleavedFrame(rtpChannels[track] + 1, packet.retainedDuplicate())));
        }
    }

    private void send(List<InterleavedFrame> frames) {
        if (channel.eventLoop().inEventLoop()) {
            write(frames);
            return;
        }
        try {
            channel.eventLoop().execute(() -> write(frames));
        } catch (RejectedExecutionException e) {
            frames.forEach(InterleavedFrame::release);
        }
    }

    private void write(List<InterleavedFrame> frames) {
        for (InterleavedFrame frame : frames) {
            channel.write(frame);
        }
        channel.flush();
    }
}
