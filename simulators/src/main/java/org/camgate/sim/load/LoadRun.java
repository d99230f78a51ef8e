package org.camgate.sim.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * N readers of each of one or more RTSP URLs (TCP interleaved or UDP) on a small event loop group, so the
 * load itself stays cheap. Readers are numbered target by target: the first N read the first URL.
 * Connections are opened in batches ({@code perTick} every 100 ms) to spare the server's accept
 * backlog. {@link #stop()} closes everything and shuts the group down with a bounded wait.
 */
final class LoadRun {
    private static final long TICK_MILLIS = 100;

    private final List<LoadTarget> targets;
    private final int readers;
    private final int perTick;
    private final Duration keepAlive;
    private final boolean udp;
    private final EventLoopGroup group;
    private final List<ReaderStats> stats = new ArrayList<>();
    private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();

    LoadRun(LoadTarget target, int readers, int perTick, Duration keepAlive, int threads, boolean udp) {
        this(List.of(target), readers, perTick, keepAlive, threads, udp);
    }

    /** {@code readersPerTarget} readers of every target. */
    LoadRun(List<LoadTarget> targets, int readersPerTarget, int perTick, Duration keepAlive, int threads,
            boolean udp) {
        if (readersPerTarget < 1) {
            throw new IllegalArgumentException("readers: " + readersPerTarget + " (expected: > 0)");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("urls: none (expected: at least one)");
        }
        if (perTick < 1) {
            throw new IllegalArgumentException("ramp: " + perTick + " (expected: > 0)");
        }
        this.targets = List.copyOf(targets);
        this.readers = readersPerTarget * targets.size();
        this.perTick = perTick;
        this.keepAlive = keepAlive;
        this.udp = udp;
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("load-reader"));
    }

    /** Opens every connection, pacing the batches; returns when the last batch has been started. */
    void start() throws InterruptedException {
        int perTarget = readers / targets.size();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
        for (int i = 0; i < readers; i++) {
            if (i > 0 && i % perTick == 0) {
                Thread.sleep(TICK_MILLIS);
            }
            LoadTarget target = targets.get(i / perTarget);
            ReaderStats reader = new ReaderStats(i);
            stats.add(reader);
            UdpMediaPorts ports = udp ? UdpMediaPorts.bind(group, udpAddress(target), reader) : null;
            reader.connecting();
            ChannelFuture connect = bootstrap.clone()
                    .handler(new LoadChannelInitializer(target, reader, keepAlive, ports))
                    .connect(target.host(), target.port());
            channels.add(connect.channel());
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    reader.failed("connect: " + f.cause().getMessage());
                    if (ports != null) {
                        ports.close();
                    }
                }
            });
        }
    }

    /** UDP media is received on the loopback address for a loopback target, else on every interface. */
    private static InetAddress udpAddress(LoadTarget target) {
        try {
            InetAddress server = InetAddress.getByName(target.host());
            return server.isLoopbackAddress() ? server : new InetSocketAddress(0).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("url: unknown host " + target.host());
        }
    }

    /** Waits until every reader plays (or has failed), at most {@code timeout}. */
    void awaitPlaying(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long settled = snapshot().stream().filter(s -> s.playing() || s.failure() != null).count();
            if (settled == readers) {
                return;
            }
            Thread.sleep(50);
        }
    }

    List<ReaderSnapshot> snapshot() {
        List<ReaderSnapshot> out = new ArrayList<>(stats.size());
        for (ReaderStats s : stats) {
            out.add(s.snapshot());
        }
        return out;
    }

    void stop() {
        for (Channel channel : channels) {
            channel.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
