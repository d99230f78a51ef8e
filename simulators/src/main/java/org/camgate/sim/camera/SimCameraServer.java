package org.camgate.sim.camera;

import org.camgate.common.net.HostPort;
import org.camgate.protocol.rtp.NalCodec;

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
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An RTSP server with one or more simulated cameras at {@code rtsp://host:port/<path>}. Each
 * distinct picture (size, frame rate, bitrate, GOP, scene, codec) is encoded once, on the first
 * {@link #start()}, and shared by every camera that shows it; each camera then plays it in a loop,
 * packetizing every frame once for all its clients. The server can be stopped and started again on the
 * same port (the whole site rebooting); {@link #dropAllConnections()} cuts every client off at once.
 *
 * <p>Faults on demand, per camera, callable from any thread while running (a fault set while stopped
 * applies from the next start if still in its window): {@link #reboot}, {@link #stall},
 * {@link #breakCredentials}, {@link #garbage}, {@link #packetLoss}. Other cameras are unaffected.
 */
public final class SimCameraServer {
    private static final int LOOP_SECONDS = 4;
    private static final int EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final String host;
    private final Map<String, SimCameraConfig> configs = new LinkedHashMap<>();
    private final Map<LoopKey, EncodedLoop> encoded = new HashMap<>();
    private final Map<String, CameraFaults> faults = new HashMap<>();
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
            faults.put(camera.path(), new CameraFaults());
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
        encodeMissingPictures();
        byte[] tone = configs.values().stream().anyMatch(SimCameraConfig::audio) ? PcmuTone.loop(440, 0.3) : null;
        EventLoopGroup group = new NioEventLoopGroup(EVENT_LOOPS);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        UdpMediaPorts udp = null;
        Map<String, SimCamera> cameras = new ConcurrentHashMap<>();
        try {
            udp = UdpMediaPorts.bind(group, host);
            long now = System.nanoTime();
            int index = 0;
            for (SimCameraConfig config : configs.values()) {
                EncodedLoop video = encoded.get(LoopKey.of(config));
                // Spread the cameras' frame instants over one frame period instead of all at once.
                long epoch = now + TimeUnit.SECONDS.toNanos(1) / config.fps() * index++ / configs.size();
                CameraFaults cameraFaults = faults.get(config.path());
                StreamPlayer player = new StreamPlayer(video, config.audio() ? tone : null, group.next(),
                        ByteBufAllocator.DEFAULT, "camgate-sim/" + config.path(), new Random(), cameraFaults);
                cameras.put(config.path(), new SimCamera(config, video, player, cameraFaults,
                        new DefaultChannelGroup(config.path(), GlobalEventExecutor.INSTANCE), epoch));
            }
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                    .childHandler(new RtspCameraInitializer(connections, cameras::get, udp, authenticator))
                    .bind(host, port).syncUninterruptibly().channel();
            port = ((InetSocketAddress) server.localAddress()).getPort();
            startedNanos = now;
            cameras.values().forEach(c -> c.player().start(c.epochNanos()));
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
        return "rtsp://" + HostPort.format(host, port()) + "/" + config.path();
    }

    public List<SimCameraConfig> cameras() {
        return List.copyOf(configs.values());
    }

    /** Seconds since the cameras started playing (scripted scenes count from there). */
    public synchronized double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /**
     * The RTP timestamp of frame {@code frame} (counted from the server's start) of a camera's video, in its
     * current RTP stream ({@link #reboot} starts a new one, on the same frame clock).
     */
    public synchronized long videoRtpTimestamp(String path, long frame) {
        if (running == null || !running.cameras().containsKey(path)) {
            throw new IllegalStateException("camera " + path + " is not running");
        }
        return running.cameras().get(path).player().videoRtpTimestamp(frame);
    }

    private long startedNanos;

    /**
     * Reboots one camera: its connections drop at once, and for {@code down} every request for it
     * closes the connection unanswered; then it serves again, with a new RTP stream (new SSRC, random
     * sequence numbers and timestamps) as a rebooted camera has, its picture where the scene has got to.
     */
    public void reboot(String path, Duration down) {
        faults(path).reboot(down);
        SimCamera camera = restartPlayer(normalize(path));
        if (camera != null) {
            camera.clients().close();
        }
    }

    /** Replaces a running camera's player by a fresh one (a new RTP stream) on the same clock; null when stopped. */
    private synchronized SimCamera restartPlayer(String path) {
        if (running == null) {
            return null;
        }
        SimCamera old = running.cameras().get(path);
        StreamPlayer player = old.player().restarted(new Random());
        SimCamera fresh = old.withPlayer(player);
        running.cameras().put(path, fresh);
        old.player().stop();
        player.start(old.epochNanos());
        return fresh;
    }

    /** For {@code duration}, the camera sends no media (no RTP, no RTCP) but keeps its sessions. */
    public void stall(String path, Duration duration) {
        faults(path).stall(duration);
    }

    /**
     * For {@code duration}, the camera's password is changed to one nobody knows: requests with the
     * configured credentials get 401 (a camera without credentials asks for some). Sessions already
     * playing keep receiving media.
     */
    public void breakCredentials(String path, Duration duration) {
        faults(path).breakCredentials(duration);
    }

    /**
     * Writes a burst of protocol garbage to each client connected to the camera, then closes it.
     *
     * @return the number of connections hit
     */
    public int garbage(String path) {
        faults(path);
        SimCamera camera = runningCamera(path);
        if (camera == null) {
            return 0;
        }
        Random random = new Random();
        int hit = 0;
        for (Channel client : camera.clients()) {
            try {
                ProtocolGarbage.sendAndClose(client, random);
                hit++;
            } catch (RejectedExecutionException e) {
                // the server is stopping; the connection closes anyway
            }
        }
        return hit;
    }

    /** For {@code duration}, drops that fraction (0-1) of the camera's UDP RTP packets; TCP is unaffected. */
    public void packetLoss(String path, double rate, Duration duration) {
        faults(path).packetLoss(rate, duration);
    }

    /** Clients connected to one camera (those that named it in a request). */
    public int connectionCount(String path) {
        faults(path);
        SimCamera camera = runningCamera(path);
        return camera == null ? 0 : camera.clients().size();
    }

    /** Number of distinct pictures encoded (cameras showing the same picture share one). */
    public synchronized int encodedPictures() {
        return encoded.size();
    }

    private static String normalize(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private CameraFaults faults(String path) {
        CameraFaults f = faults.get(normalize(path));
        if (f == null) {
            throw new IllegalArgumentException("path: " + path + " (expected one of " + configs.keySet() + ")");
        }
        return f;
    }

    private SimCamera runningCamera(String path) {
        Running r;
        synchronized (this) {
            r = running;
        }
        return r == null ? null : r.cameras().get(normalize(path));
    }

    /** Encodes each distinct picture not yet encoded, several at once on a multi-core machine. */
    private void encodeMissingPictures() {
        Map<LoopKey, SimCameraConfig> todo = new LinkedHashMap<>();
        for (SimCameraConfig config : configs.values()) {
            LoopKey key = LoopKey.of(config);
            if (!encoded.containsKey(key)) {
                todo.putIfAbsent(key, config);
            }
        }
        if (todo.size() <= 1) {
            todo.forEach((key, config) -> encoded.put(key, encode(config)));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(todo.size(), EVENT_LOOPS),
                new DefaultThreadFactory("camgate-sim-encoder", true));
        try {
            Map<LoopKey, Future<EncodedLoop>> pending = new LinkedHashMap<>();
            todo.forEach((key, config) -> pending.put(key, pool.submit(() -> encode(config))));
            for (Map.Entry<LoopKey, Future<EncodedLoop>> e : pending.entrySet()) {
                encoded.put(e.getKey(), e.getValue().get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("encoding failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static EncodedLoop encode(SimCameraConfig config) {
        H264LoopEncoder.Plan plan = config.scene() != null ? H264LoopEncoder.Plan.scene(config)
                : H264LoopEncoder.Plan.loop(config, LOOP_SECONDS);
        return config.codec() == NalCodec.H265 ? H265ProcessEncoder.encode(config, plan)
                : H264LoopEncoder.encode(config, plan);
    }
}
