package org.camgate.sensor.common;

import io.netty.buffer.ByteBuf;
import java.time.Instant;

/** Decodes one sensor type's datagrams and runs its detectors. Used on one thread (the sensor's channel). */
public interface SensorInput {
    /** Consumes one datagram's payload (not released here); throws when it cannot be used. */
    void onDatagram(ByteBuf payload, Instant now, DetectionSink sink) throws PacketException;

    /** Forgets sequence numbers, partial frames and tracks (after a silence: the sensor may have restarted). */
    void reset();

    /**
     * Forgets the state of every detection as well (latches, dwell times), so that nothing active before is ended
     * again later and a detection still present afterwards starts anew. The caller has ended the active ones.
     */
    void forgetDetections();

    /** Frames given up incomplete so far. */
    default long framesAbandoned() {
        return 0;
    }

    /** Times the sensor's numbering jumped and the new sequence was followed (see {@link SequenceGuard}). */
    default long resyncs() {
        return 0;
    }

    /** The sensor's current sequence number or frame id, for logs (meaningless before the first datagram). */
    default long currentSequence() {
        return -1;
    }
}
