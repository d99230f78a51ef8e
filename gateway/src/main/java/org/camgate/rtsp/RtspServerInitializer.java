package org.camgate.rtsp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import org.camgate.access.ConnectionLimiter;
import org.camgate.config.AccessConfig;
import org.camgate.protocol.rtsp.RtspLimits;
import org.camgate.protocol.rtsp.RtspMessageDecoder;
import org.camgate.protocol.rtsp.RtspMessageEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;

/**
 * Builds every reader connection's pipeline, after the network checks: an address outside the
 * allow list (or inside the deny list), or over the connection limits, is closed at once and
 * logged before a single byte is read.
 */
@ChannelHandler.Sharable
final class RtspServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(RtspServerInitializer.class);
    private static final RtspMessageEncoder ENCODER = new RtspMessageEncoder();

    private final RtspServerContext context;
    private final AccessConfig network;
    private final ConnectionLimiter limiter;
    private final ChannelGroup channels;
    private final ReaderAudit audit;

    RtspServerInitializer(RtspServerContext context, AccessConfig network, ConnectionLimiter limiter,
                          ChannelGroup channels) {
        this.context = context;
        this.network = network;
        this.limiter = limiter;
        this.channels = channels;
        this.audit = new ReaderAudit(context.audit);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        InetAddress address = ch.remoteAddress().getAddress();
        if (!network.permits(address)) {
            log.info("refused RTSP connection from {}: address not allowed", address.getHostAddress());
            audit.denied(null, ch.remoteAddress(), null, "address not allowed");
            ch.close();
            return;
        }
        if (!limiter.tryAcquire(address)) {
            log.warn("refused RTSP connection from {}: connection limit reached", address.getHostAddress());
            audit.denied(null, ch.remoteAddress(), null, "connection limit reached");
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> limiter.release(address));
        channels.add(ch);
        ch.pipeline()
                .addLast("rtsp-decoder", new RtspMessageDecoder(RtspLimits.SERVER))
                .addLast("rtsp-encoder", ENCODER)
                .addLast("rtsp-connection", new RtspConnectionHandler(context));
    }
}
