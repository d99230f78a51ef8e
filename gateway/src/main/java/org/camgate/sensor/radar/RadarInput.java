package org.camgate.sensor.radar;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import org.camgate.sensor.common.DetectionSink;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;
import org.camgate.sensor.common.SensorInput;
import org.camgate.sensor.common.SequenceGuard;

/**
 * Radar JSON datagrams into {@link RadarDetector}; a {@code seq} not above the last one is out of order, and one far
 * from it is not used until its numbering continues ({@link SequenceGuard}).
 */
public final class RadarInput implements SensorInput {
    private final SequenceGuard sequence = new SequenceGuard(false);
    private final RadarJsonParser parser = new RadarJsonParser();
    private final RadarSettings config;
    private RadarDetector detector;
    private final byte[] scratch = new byte[RadarJsonParser.MAX_BYTES];

    public RadarInput(RadarSettings config) {
        this.config = config;
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
        if (frame.sequence() >= 0) {
            long last = sequence.current();
            switch (sequence.offer(frame.sequence())) {
                case SAME -> throw new PacketException(PacketResult.DUPLICATE, "seq " + frame.sequence() + " again");
                case LATE -> throw new PacketException(PacketResult.OUT_OF_ORDER, "seq " + frame.sequence() + " after " + last);
                case JUMP -> throw new PacketException(PacketResult.SEQUENCE_JUMP, "seq " + frame.sequence()
                        + " is far from " + last + "; not used unless its numbering continues");
                default -> { }
            }
        }
        detector.onFrame(frame, now, sink);
    }

    @Override
    public void forgetDetections() {
        detector = new RadarDetector(config);
    }

    @Override
    public void reset() {
        sequence.reset();
        detector.reset();
    }

    @Override
    public long resyncs() {
        return sequence.resyncs();
    }

    @Override
    public long currentSequence() {
        return sequence.current();
    }
}
