package org.camgate.sim.camera;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * An RTSP server with one or more simulated cameras at {@code rtsp://host:port/<path>}. Each
 * camera's video (and optional PCMU tone) is encoded once, on the first {@link #start()}, and
 * then played in a loop to every client. The server can be stopped and started again on the
 * same port (a camera reboot); {@link #dropAllConnections()} cuts every client off at once.
 */
public final class SimCameraServer {
    private static final int LOOP_SECONDS = 4;

    private final String host;
    private final Map<String, SimCameraConfig> configs = new LinkedHashMap<>();
    private final Map<String, EncodedLoop> encoded = new LinkedHashMap<>();
    private final RequestAuthenticator authenticator;
    private int port;
    private Running running;

    /** State that exists only while started. */
    private record Running(EventLoopGroup group, Channel server, ChannelGroup connections, UdpMediaPorts udp,
                           Map<String, SimCamera> cameras) {
    }

    public SimCameraServer(String host, int port, List<SimCameraConfig> cameras, RequestAuthenticator authenticator) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        this.port = port;
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("cameras: empty (expected: at least one)");
        }
        for (SimCameraConfig camera : cameras) {
            if (configs.putIfAbsent(camera.path(), camera) != null) {
                throw new IllegalArgumentException("cameras: duplicate path " + camera.path());
            }
        }
    }

    /** Cameras with Digest authentication (realm {@code camgate-sim}) where credentials are configured. */
    public SimCameraServer(String host, int port, List<SimCameraConfig> cameras) {
        this(host, port, cameras, new DigestAuthenticator("camgate-sim"));
    }

    /** Binds and starts streaming; a second call while started does nothing. */
    public synchronized SimCameraServer start() {
        if (running != null) {
            return this;
        }
        configs.values().forEach(c -> encoded.computeIfAbsent(c.path(), p -> encode(c)));
        EventLoopGroup group = new NioEventLoopGroup(2);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        UdpMediaPorts udp = null;
        Map<String, SimCamera> cameras = new LinkedHashMap<>();
        try {
            udp = UdpMediaPorts.bind(group, host);
            for (SimCameraConfig config : configs.values()) {
                StreamPlayer player = new StreamPlayer(encoded.get(config.path()),
                        config.audio() ? PcmuTone.loop(440, 0.3) : null, group.next(), ByteBufAllocator.DEFAULT,
                        "camgate-sim/" + config.path(), new Random());
                cameras.put(config.path(), new SimCamera(config, encoded.get(config.path()), player));
            }
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                    .childHandler(new RtspCameraInitializer(connections, cameras::get, udp, authenticator))
                    .bind(host, port).syncUninterruptibly().channel();
            port = ((InetSocketAddress) server.localAddress()).getPort();
            startedNanos = System.nanoTime();
            cameras.values().forEach(c -> c.player().start());
            running = new Running(group, server, connections, udp, cameras);
            return this;
        } catch (RuntimeException e) {
            if (udp != null) {
                udp.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw new IllegalStateException("cannot start simulated cameras on " + host + ":" + port + ": " + e, e);
        }
    }

    /** Closes every connection and socket and stops the event loops; idempotent. */
    public synchronized void stop() {
        Running r = running;
        if (r == null) {
            return;
        }
        running = null;
        r.server().close().syncUninterruptibly();
        r.connections().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        r.cameras().values().forEach(c -> c.player().stop());
        r.udp().close();
        r.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Closes every client connection, as a camera reboot would; the server keeps listening. */
    public void dropAllConnections() {
        Running r = running;
        if (r != null) {
            r.connections().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    /** Open client connections. */
    public int connectionCount() {
        Running r = running;
        return r == null ? 0 : r.connections().size();
    }

    /** The bound port once started (the configured one before). */
    public synchronized int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** {@code rtsp://host:port/path}, without credentials. */
    public String url(String path) {
        SimCameraConfig config = configs.get(path.startsWith("/") ? path.substring(1) : path);
        if (config == null) {
            throw new IllegalArgumentException("path: " + path + " (expected one of " + configs.keySet() + ")");
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "rtsp://" + h + ":" + port() + "/" + config.path();
    }

    public List<SimCameraConfig> cameras() {
        return List.copyOf(configs.values());
    }

    /** Seconds since the cameras started playing (scripted scenes count from there). */
    public synchronized double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** The RTP timestamp of frame {@code frame} (counted from the server's start) of a camera's video. */
    public synchronized long videoRtpTimestamp(String path, long frame) {
        if (running == null || !running.cameras().containsKey(path)) {
            throw new IllegalStateException("camera " + path + " is not running");
        }
        return running.cameras().get(path).player().videoRtpTimestamp(frame);
    }

    private long startedNanos;

    private static EncodedLoop encode(SimCameraConfig config) {
        if (config.scene() != null) {
            return H264LoopEncoder.encodeScene(config);
        }
        int gops = Math.max(1, Math.round((float) LOOP_SECONDS * config.fps() / config.gopFrames()));
        return H264LoopEncoder.encode(config, gops);
    }
}
