package org.camgate.sim.load;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import org.camgate.protocol.rtsp.RtspLimits;
import org.camgate.protocol.rtsp.RtspMessageDecoder;
import org.camgate.protocol.rtsp.RtspMessageEncoder;

import java.time.Duration;

/** The pipeline of one load reader: RTSP/interleaved decoder, request encoder, player (which also handles errors). */
final class LoadChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final RtspMessageEncoder ENCODER = new RtspMessageEncoder();

    private final LoadTarget target;
    private final ReaderStats stats;
    private final Duration keepAlive;
    private final UdpMediaPorts udp;

    LoadChannelInitializer(LoadTarget target, ReaderStats stats, Duration keepAlive, UdpMediaPorts udp) {
        this.target = target;
        this.stats = stats;
        this.keepAlive = keepAlive;
        this.udp = udp;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("rtsp-decoder", new RtspMessageDecoder(RtspLimits.CLIENT))
                .addLast("rtsp-encoder", ENCODER)
                .addLast("player", new RtspPlayer(target, stats, keepAlive, udp));
    }
}
