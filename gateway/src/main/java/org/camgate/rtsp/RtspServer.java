package org.camgate.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.camgate.access.AccessPolicy;
import org.camgate.access.Admission;
import org.camgate.access.ConnectionLimiter;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.common.net.HostPort;
import org.camgate.config.GatewayConfig;
import org.camgate.config.ListenFailure;
import org.camgate.config.RtspConfig;
import org.camgate.config.UserConfig;
import org.camgate.net.NettyTransport;
import org.camgate.stream.CameraStream;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The RTSP server readers connect to: TCP for RTSP (and interleaved media), and, when enabled,
 * one UDP port pair from which every UDP session's RTP and RTCP is sent.
 */
public final class RtspServer {
    private final RtspConfig config;
    private final RtspServerContext context;
    private final RtspServerInitializer initializer;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("rtsp", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    public RtspServer(GatewayConfig gateway, Map<String, CameraStream> streams, AccessPolicy policy,
                      ReaderAuthenticator authenticator, AuditLog audit, EventLoopGroup boss, EventLoopGroup workers) {
        this.config = gateway.rtsp();
        Map<String, UserConfig> users = new HashMap<>();
        gateway.users().forEach(u -> users.put(u.name(), u));
        this.context = new RtspServerContext(config, streams, policy, users, authenticator, audit);
        this.initializer = new RtspServerInitializer(context, new Admission(Protocol.RTSP, policy,
                new ConnectionLimiter(config.maxConnections(), config.maxUnauthenticatedPerAddress())), channels);
        this.boss = boss;
        this.workers = workers;
    }

    /** Binds the RTSP port (and the UDP pair); fails naming the address that could not be bound. */
    public void start() {
        InetSocketAddress address = config.listen().toSocketAddress();
        int queue = (int) Math.min(Integer.MAX_VALUE, config.readerQueueBytes());
        try {
            serverChannel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NettyTransport.of(boss).serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(queue / 2, queue))
                    .childHandler(initializer)
                    .bind(address).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows a bind's checked exception unchecked
            stop();
            throw ListenFailure.of(config.listen().toString(), "rtsp.listen", e);
        }
        if (config.udp().enabled()) {
            context.udpRtp = bindUdp(address, config.udp().rtpPort(), "rtsp.udp.rtpPort");
            context.udpRtcp = bindUdp(address, config.udp().rtcpPort(), "rtsp.udp.rtcpPort");
        }
    }

    private Channel bindUdp(InetSocketAddress tcpAddress, int port, String key) {
        try {
            return bindUdp(tcpAddress, port);
        } catch (Exception e) { // Netty rethrows a bind's checked exception unchecked
            stop();
            throw ListenFailure.of("udp://" + HostPort.format(new InetSocketAddress(tcpAddress.getAddress(), port)), key, e);
        }
    }

    private Channel bindUdp(InetSocketAddress tcpAddress, int port) {
        return new Bootstrap()
                .group(workers)
                .channel(NettyTransport.of(workers).datagramChannel())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        // Receiver reports from readers keep their sessions alive; nothing else is used.
                        ReaderSession session = context.udpRtcpSources.get(packet.sender());
                        if (session != null) {
                            session.touch();
                        }
                    }
                })
                .bind(new InetSocketAddress(tcpAddress.getAddress(), port)).syncUninterruptibly().channel();
    }

    /** The bound RTSP address (the real port when configured with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The bound UDP RTP port, or -1 when UDP is off. */
    public int udpRtpPort() {
        Channel udp = context.udpRtp;
        return udp == null ? -1 : ((InetSocketAddress) udp.localAddress()).getPort();
    }

    /** A reader session as a reload sees it, to decide whether it may go on. */
    public record SessionView(String user, String camera, CameraStream stream, InetSocketAddress remote) {
    }

    /**
     * Serves a reloaded configuration's cameras and users to new requests (sessions already playing are left to
     * {@link #endSessions}); the listen address and limits stay as started.
     */
    public void reconfigure(GatewayConfig gateway, Map<String, CameraStream> streams) {
        Map<String, UserConfig> users = new HashMap<>();
        gateway.users().forEach(u -> users.put(u.name(), u));
        context.users = Map.copyOf(users);
        context.cameras = Map.copyOf(streams);
    }

    /**
     * Ends every session {@code end} selects, closing its connection, and audits each as {@code session-end} with
     * {@code reason}; returns how many.
     */
    public int endSessions(java.util.function.Predicate<SessionView> end, String reason) {
        int ended = 0;
        for (ReaderSession session : context.sessions.all()) {
            Channel connection = session.connection();
            if (!(connection.remoteAddress() instanceof InetSocketAddress remote)
                    || !end.test(new SessionView(session.user(), session.cameraId(), session.stream(), remote))) {
                continue;
            }
            RtspConnectionHandler handler = connection.pipeline().get(RtspConnectionHandler.class);
            if (handler != null) {
                handler.endAndClose(session, reason);
            } else {
                connection.close();
            }
            ended++;
        }
        return ended;
    }

    public int sessionCount() {
        return context.sessions.size();
    }

    /** Stops accepting, closes every reader connection and the UDP ports; idempotent. */
    public void stop() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (Channel udp : new Channel[] {context.udpRtp, context.udpRtcp}) {
            if (udp != null) {
                udp.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }
}
