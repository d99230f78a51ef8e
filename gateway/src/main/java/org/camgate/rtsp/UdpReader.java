package org.camgate.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.EventExecutor;
import org.camgate.stream.BoundedReader;
import org.camgate.stream.Frame;

import java.net.InetSocketAddress;

/**
 * Sends a session's tracks as UDP datagrams from the server's RTP and RTCP ports, only ever to
 * the address that set the session up (checked at SETUP).
 */
final class UdpReader extends BoundedReader {
    private final Channel rtpChannel;
    private final Channel rtcpChannel;
    private final InetSocketAddress[] rtpTargets;
    private final InetSocketAddress[] rtcpTargets;
    private final Runnable onStall;

    UdpReader(Channel rtpChannel, Channel rtcpChannel, InetSocketAddress[] rtpTargets, InetSocketAddress[] rtcpTargets,
              long maxQueuedBytes, long stallNanos, Runnable onStall) {
        super(rtpTargets.length, maxQueuedBytes, stallNanos);
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
        this.rtpTargets = rtpTargets.clone();
        this.rtcpTargets = rtcpTargets.clone();
        this.onStall = onStall;
    }

    @Override
    protected EventExecutor executor() {
        return rtpChannel.eventLoop();
    }

    @Override
    protected long pendingBytes() {
        return 0;
    }

    @Override
    protected boolean wants(int track) {
        return rtpTargets[track] != null;
    }

    @Override
    protected void write(Frame frame) {
        InetSocketAddress target = rtpTargets[frame.track()];
        for (int i = 0; i < frame.packetCount(); i++) {
            rtpChannel.write(new DatagramPacket(payload(frame.packet(i)), target), rtpChannel.voidPromise());
        }
        rtpChannel.flush();
    }

    @Override
    protected void writeSenderReport(int track, ByteBuf report) {
        rtcpChannel.writeAndFlush(new DatagramPacket(payload(report), rtcpTargets[track]), rtcpChannel.voidPromise());
    }

    private static ByteBuf payload(ByteBuf packet) {
        return packet.retainedSlice(packet.readerIndex() + Frame.HEADER, packet.readableBytes() - Frame.HEADER);
    }

    @Override
    protected void stalled() {
        onStall.run();
    }
}
