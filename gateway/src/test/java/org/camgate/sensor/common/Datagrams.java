package org.camgate.sensor.common;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Feeds datagrams to an input as its sensor channel would, for the inputs' tests. */
public final class Datagrams {
    /** A sensor's common settings for input tests: silence 5 s, hold 0. */
    public static final CommonSettings COMMON = new CommonSettings("s", URI.create("udp://127.0.0.1:1"),
            Duration.ofSeconds(5), Duration.ZERO, List.of(), true);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private Datagrams() {
    }

    /** How the input counted the datagram; the buffer is released afterwards, as the channel does. */
    public static PacketResult feed(SensorInput input, byte[] bytes, DetectionSink sink) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            input.onDatagram(buf, NOW, sink);
            return PacketResult.ACCEPTED;
        } catch (PacketException e) {
            return e.result();
        } finally {
            buf.release();
        }
    }

    /** {@link #feed} with the detections ignored. */
    public static PacketResult result(SensorInput input, byte[] bytes) {
        return feed(input, bytes, (e, s, z, d) -> { });
    }
}
