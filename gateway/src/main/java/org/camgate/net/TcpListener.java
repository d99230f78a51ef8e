package org.camgate.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.camgate.common.net.HostPort;
import org.camgate.config.ListenFailure;

/**
 * One TCP listener on the gateway's event loops (status page, clips): binds on the loops' transport, fails naming its
 * configuration key and address when it cannot, and hands each accepted connection to {@code accept}.
 */
public final class TcpListener {
    private final HostPort listen;
    private final String key;
    private Channel channel;

    /** @param key the configuration key that asked for it, e.g. {@code status.listen} */
    public TcpListener(HostPort listen, String key) {
        this.listen = listen;
        this.key = key;
    }

    /** Binds and returns the bound address. */
    public InetSocketAddress bind(EventLoopGroup boss, EventLoopGroup workers, Consumer<SocketChannel> accept) {
        try {
            channel = new ServerBootstrap().group(boss, workers).channel(NettyTransport.of(workers).serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            accept.accept(ch);
                        }
                    })
                    .bind(listen.toSocketAddress()).syncUninterruptibly().channel();
            return address();
        } catch (Exception e) { // Netty rethrows a bind's checked exception unchecked
            throw ListenFailure.of(listen.toString(), key, e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting; connections already accepted are the owner's to close. */
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            channel = null;
        }
    }
}
