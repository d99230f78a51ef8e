package org.camgate.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.camgate.net.NettyTransport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

/**
 * A pair of local UDP ports receiving one track's RTP and RTCP from a camera. Datagrams from any
 * address other than the camera's are dropped, so nobody else can inject media into a stream.
 */
final class UdpMediaReceiver {
    private final InetAddress camera;
    private Channel rtp;
    private Channel rtcp;

    private UdpMediaReceiver(InetAddress camera) {
        this.camera = camera;
    }

    /**
     * Binds an RTP port (and the next one for RTCP when free) on {@code local}; {@code ready} runs
     * on the loop with the receiver, or with null and the cause when binding failed.
     */
    static void bind(EventLoop loop, InetAddress local, InetAddress camera, BiConsumer<ByteBuf, Boolean> sink,
                     BiConsumer<UdpMediaReceiver, Throwable> ready) {
        UdpMediaReceiver receiver = new UdpMediaReceiver(camera);
        receiver.open(loop, local, 0, sink, false).addListener((ChannelFuture rtpBound) -> {
            if (!rtpBound.isSuccess()) {
                ready.accept(null, rtpBound.cause());
                return;
            }
            receiver.rtp = rtpBound.channel();
            int next = receiver.rtpPort() + 1;
            receiver.open(loop, local, next <= 65535 ? next : 0, sink, true).addListener((ChannelFuture paired) -> {
                if (paired.isSuccess()) {
                    receiver.rtcp = paired.channel();
                    ready.accept(receiver, null);
                    return;
                }
                receiver.open(loop, local, 0, sink, true).addListener((ChannelFuture any) -> {
                    if (any.isSuccess()) {
                        receiver.rtcp = any.channel();
                        ready.accept(receiver, null);
                    } else {
                        receiver.close();
                        ready.accept(null, any.cause());
                    }
                });
            });
        });
    }

    private ChannelFuture open(EventLoop loop, InetAddress local, int port, BiConsumer<ByteBuf, Boolean> sink,
                               boolean control) {
        return new Bootstrap().group(loop).channel(NettyTransport.of(loop).datagramChannel())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        if (packet.sender().getAddress().equals(camera)) {
                            sink.accept(packet.content().retain(), control);
                        }
                    }
                })
                .bind(new InetSocketAddress(local, port));
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    int rtcpPort() {
        return ((InetSocketAddress) rtcp.localAddress()).getPort();
    }

    void close() {
        if (rtp != null) {
            rtp.close();
        }
        if (rtcp != null) {
            rtcp.close();
        }
    }
}
