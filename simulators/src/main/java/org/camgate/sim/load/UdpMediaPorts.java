package org.camgate.sim.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The RTP/RTCP port pair of one UDP load reader (an even port and the next), bound before the reader
 * connects; what arrives is counted by {@link ReaderStats} as the first video track's media.
 */
final class UdpMediaPorts {
    private static final int ATTEMPTS = 100;
    private static final int LOWEST = 20000;
    private static final int HIGHEST = 60000;

    private final Channel rtp;
    private final Channel rtcp;

    private UdpMediaPorts(Channel rtp, Channel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    /** Binds a free even/odd pair on {@code address}, trying random even ports. */
    static UdpMediaPorts bind(EventLoopGroup group, InetAddress address, ReaderStats stats) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class);
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST / 2, HIGHEST / 2) * 2;
            Channel rtp = bootstrap.clone().handler(new Counter(stats, true))
                    .bind(new InetSocketAddress(address, port)).await().channel();
            if (!rtp.isActive()) {
                continue;
            }
            Channel rtcp = bootstrap.clone().handler(new Counter(stats, false))
                    .bind(new InetSocketAddress(address, port + 1)).await().channel();
            if (rtcp.isActive()) {
                return new UdpMediaPorts(rtp, rtcp);
            }
            rtp.close().await();
        }
        throw new IllegalStateException("no free UDP port pair on " + address.getHostAddress() + " after " + ATTEMPTS
                + " attempts");
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    void close() {
        rtp.close();
        rtcp.close();
    }

    private static final class Counter extends SimpleChannelInboundHandler<DatagramPacket> {
        private final ReaderStats stats;
        private final boolean media;

        Counter(ReaderStats stats, boolean media) {
            this.stats = stats;
            this.media = media;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (media) {
                stats.onRtp(0, packet.content());
            } else {
                stats.onRtcp(packet.content());
            }
        }
    }
}
