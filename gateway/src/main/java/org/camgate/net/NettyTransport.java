package org.camgate.net;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.concurrent.ThreadFactory;
import java.util.function.BiFunction;

/**
 * The Netty transport the gateway's listeners run on: Linux's native epoll where its library loads (fewer
 * allocations and locks per write than NIO, gathered writes straight from direct buffers), NIO everywhere else.
 * An event loop group and the channel classes registered on it must come from the same transport: take the
 * classes with {@link #of(EventLoopGroup)} from the group a channel will be registered on.
 */
public enum NettyTransport {
    EPOLL(EpollEventLoopGroup::new, EpollServerSocketChannel.class, EpollSocketChannel.class,
            EpollDatagramChannel.class),
    NIO(NioEventLoopGroup::new, NioServerSocketChannel.class, NioSocketChannel.class, NioDatagramChannel.class);

    private final BiFunction<Integer, ThreadFactory, EventLoopGroup> groups;
    private final Class<? extends ServerSocketChannel> serverChannel;
    private final Class<? extends SocketChannel> socketChannel;
    private final Class<? extends DatagramChannel> datagramChannel;

    NettyTransport(BiFunction<Integer, ThreadFactory, EventLoopGroup> groups,
                   Class<? extends ServerSocketChannel> serverChannel, Class<? extends SocketChannel> socketChannel,
                   Class<? extends DatagramChannel> datagramChannel) {
        this.groups = groups;
        this.serverChannel = serverChannel;
        this.socketChannel = socketChannel;
        this.datagramChannel = datagramChannel;
    }

    /**
     * Epoll when it is available and not turned off with {@code -Dcamgate.transport=nio}, otherwise NIO. Epoll's
     * availability is Netty's own check (Linux, the bundled native library loads); it never throws.
     */
    public static NettyTransport best() {
        return choose(System.getProperty("camgate.transport", ""));
    }

    /** {@code nio}: NIO; anything else: epoll when available. */
    static NettyTransport choose(String wanted) {
        if ("nio".equalsIgnoreCase(wanted)) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** The transport whose channels can be registered on {@code group} (or on one of its loops). */
    public static NettyTransport of(EventLoopGroup group) {
        EventLoopGroup owner = group instanceof EventLoop loop && loop.parent() != null ? loop.parent() : group;
        return owner instanceof EpollEventLoopGroup ? EPOLL : NIO;
    }

    /** A new event loop group of {@code threads} loops (0: Netty's default, twice the processors). */
    public EventLoopGroup group(int threads, ThreadFactory threadFactory) {
        return groups.apply(threads, threadFactory);
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return datagramChannel;
    }

    /** A word for logs, with why epoll is not used when it is not. */
    public String describe() {
        if (this == EPOLL) {
            return "epoll";
        }
        Throwable why = Epoll.unavailabilityCause();
        return why == null ? "nio" : "nio (epoll unavailable: " + why.getMessage() + ")";
    }
}
