package org.camgate.sim.camera;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Last handler: closes quietly on I/O errors, logs anything unexpected with the channel, then closes. */
@ChannelHandler.Sharable
final class QuietExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(QuietExceptionHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("{}: unexpected error, closing", ctx.channel(), cause);
        }
        ctx.close();
    }
}
