package org.camgate.sensor;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import org.camgate.config.SensorConfig;

/** Radar JSON datagrams into {@link RadarDetector}; a {@code seq} not above the last one is out of order. */
final class RadarInput implements SensorInput {
    /** A step back larger than this is a restarted sensor, not a late datagram. */
    private static final long RESTART_GAP = 1000;
    private final RadarJsonParser parser = new RadarJsonParser();
    private final RadarDetector detector;
    private final byte[] scratch = new byte[RadarJsonParser.MAX_BYTES];
    private long lastSeq = -1;

    RadarInput(SensorConfig config) {
        this.detector = new RadarDetector(config);
    }

    @Override
    public void onDatagram(ByteBuf payload, Instant now, DetectionSink sink) throws PacketException {
        int len = payload.readableBytes();
        if (len > scratch.length) {
            throw new PacketException(PacketResult.OVERSIZED, len + " bytes (expected: at most " + scratch.length + ")");
        }
        payload.getBytes(payload.readerIndex(), scratch, 0, len);
        RadarFrame frame = parser.parse(scratch, len);
        if (frame.sequence() >= 0 && lastSeq >= 0 && frame.sequence() <= lastSeq && lastSeq - frame.sequence() < RESTART_GAP) {
            throw new PacketException(frame.sequence() == lastSeq ? PacketResult.DUPLICATE : PacketResult.OUT_OF_ORDER,
                    "seq " + frame.sequence() + " after " + lastSeq);
        }
        if (frame.sequence() >= 0) {
            lastSeq = frame.sequence();
        }
        detector.onFrame(frame, now, sink);
    }

    @Override
    public void reset() {
        lastSeq = -1;
        detector.reset();
    }
}
