package org.camgate.sensor.common;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;

/** Feeds datagrams to an input as its sensor channel would. */
public final class Datagrams {
    private Datagrams() {
    }

    /** How the input counted the datagram; the buffer is released afterwards, as the channel does. */
    public static PacketResult feed(SensorInput input, byte[] bytes, Instant now, DetectionSink sink) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            input.onDatagram(buf, now, sink);
            return PacketResult.ACCEPTED;
        } catch (PacketException e) {
            return e.result();
        } finally {
            buf.release();
        }
    }
}
