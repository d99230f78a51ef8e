package org.camgate.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(NettyLeakCheck.class)
class NettyTransportTest {

    @Test
    void epollOnLinuxWhereItLoadsAndNioWhenAskedFor() {
        assertThat(NettyTransport.choose("nio")).isEqualTo(NettyTransport.NIO);
        assertThat(NettyTransport.choose("NIO")).isEqualTo(NettyTransport.NIO);
        NettyTransport expected = Epoll.isAvailable() ? NettyTransport.EPOLL : NettyTransport.NIO;
        assertThat(NettyTransport.choose("")).isEqualTo(expected);
        if (System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch"))) {
            assertThat(Epoll.isAvailable()).as("the bundled native library loads: %s", Epoll.unavailabilityCause())
                    .isTrue();
            assertThat(NettyTransport.choose("").describe()).isEqualTo("epoll");
        }
    }

    /** A group and the classes {@link NettyTransport#of} picks for it work together: bytes cross loopback. */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void channelClassesMatchTheGroupTheyAreRegisteredOn(NettyTransport transport) throws Exception {
        assumeTrue(transport == NettyTransport.NIO || Epoll.isAvailable(), "epoll not available here");
        EventLoopGroup group = transport.group(1, new DefaultThreadFactory("transport-test"));
        try {
            assertThat(NettyTransport.of(group)).isEqualTo(transport);
            assertThat(NettyTransport.of(group.next())).isEqualTo(transport);
            CompletableFuture<String> received = new CompletableFuture<>();
            Channel server = new ServerBootstrap().group(group).channel(NettyTransport.of(group).serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf buf = (ByteBuf) msg;
                            received.complete(buf.toString(StandardCharsets.US_ASCII));
                            buf.release();
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = new Bootstrap().group(group).channel(NettyTransport.of(group.next()).socketChannel())
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(server.localAddress()).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("$\u0000ok", StandardCharsets.US_ASCII)).sync();
            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("$\u0000ok");
            Channel udp = new Bootstrap().group(group).channel(NettyTransport.of(group).datagramChannel())
                    .handler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            assertThat(((InetSocketAddress) udp.localAddress()).getPort()).isPositive();
            udp.close().sync();
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
