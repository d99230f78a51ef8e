package org.camgate.rtsp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import org.camgate.access.Admission;
import org.camgate.protocol.rtsp.RtspLimits;
import org.camgate.protocol.rtsp.RtspMessageDecoder;
import org.camgate.protocol.rtsp.RtspMessageEncoder;

/**
 * Builds every reader connection's pipeline, after the {@link Admission} (the access policy's network rules and the
 * connection limits): a refused connection is closed at once, logged and audited before a single byte is read.
 */
@ChannelHandler.Sharable
final class RtspServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final RtspMessageEncoder ENCODER = new RtspMessageEncoder();

    private final RtspServerContext context;
    private final Admission admission;
    private final ChannelGroup channels;

    RtspServerInitializer(RtspServerContext context, Admission admission, ChannelGroup channels) {
        this.context = context;
        this.admission = admission;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!admission.admit(ch)) {
            return;
        }
        channels.add(ch);
        ch.pipeline()
                .addLast("rtsp-decoder", new RtspMessageDecoder(RtspLimits.SERVER))
                .addLast("rtsp-encoder", ENCODER)
                .addLast("rtsp-connection", new RtspConnectionHandler(context));
    }
}
