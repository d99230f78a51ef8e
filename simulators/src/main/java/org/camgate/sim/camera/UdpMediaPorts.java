package org.camgate.sim.camera;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;

/**
 * The server's UDP port pair (even RTP port, RTCP on the next), shared by every UDP session.
 * What clients send to it (receiver reports, hole punching) is read and released.
 */
final class UdpMediaPorts {
    private static final int ATTEMPTS = 20;
    private static final ChannelHandler DISCARD = new Discard();

    private final Channel rtp;
    private final Channel rtcp;

    private UdpMediaPorts(Channel rtp, Channel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    static UdpMediaPorts bind(EventLoopGroup group, String host) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(DISCARD);
        for (int i = 0; i < ATTEMPTS; i++) {
            Channel rtp = bootstrap.bind(host, 0).syncUninterruptibly().channel();
            int port = ((InetSocketAddress) rtp.localAddress()).getPort();
            if (port % 2 == 0 && port < 65535) {
                var rtcpFuture = bootstrap.bind(host, port + 1).awaitUninterruptibly();
                if (rtcpFuture.isSuccess()) {
                    return new UdpMediaPorts(rtp, rtcpFuture.channel());
                }
            }
            rtp.close().syncUninterruptibly();
        }
        throw new IllegalStateException("could not bind a UDP port pair on " + host + " in " + ATTEMPTS + " attempts");
    }

    Channel rtp() {
        return rtp;
    }

    Channel rtcp() {
        return rtcp;
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    void close() {
        rtp.close().syncUninterruptibly();
        rtcp.close().syncUninterruptibly();
    }

    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
