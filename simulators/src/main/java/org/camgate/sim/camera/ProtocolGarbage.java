package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * What a confused camera sends before it hangs up: random bytes, a malformed RTSP response, and an
 * interleaved {@code $} frame announcing 65535 bytes of which only a few follow. Written as raw bytes (past
 * the RTSP and interleaved encoders), after whatever media is already queued; then the connection closes.
 */
final class ProtocolGarbage {
    static final int RANDOM_BYTES = 256;
    static final byte[] MALFORMED_RESPONSE = ("RTSP/1.0 2OO Garbled\r\nCSeq: -x\r\nContent-Length: 99999999999\r\n"
            + "Session\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    static final int TRUNCATED_FRAME_PAYLOAD = 16;

    private ProtocolGarbage() {
    }

    /** The burst: random bytes, the malformed response, the truncated {@code $} frame. */
    static ByteBuf burst(Random random) {
        byte[] noise = new byte[RANDOM_BYTES];
        random.nextBytes(noise);
        byte[] partial = new byte[TRUNCATED_FRAME_PAYLOAD];
        random.nextBytes(partial);
        return Unpooled.wrappedBuffer(noise, MALFORMED_RESPONSE, new byte[] {'$', 0, (byte) 0xFF, (byte) 0xFF}, partial);
    }

    /** Writes the burst to {@code client} on its event loop, then closes it. */
    static void sendAndClose(Channel client, Random random) {
        client.eventLoop().execute(() -> client.writeAndFlush(burst(random)).addListener(ChannelFutureListener.CLOSE));
    }
}
