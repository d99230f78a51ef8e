package org.camgate.stream;

import java.util.concurrent.atomic.LongAdder;

/** What one camera's readers got: how many there are, bytes sent and frames dropped. Thread-safe. */
public final class StreamCounters {
    private volatile int readers;
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();

    /** Readers attached now. */
    public int readers() {
        return readers;
    }

    /** Bytes handed to readers' channels so far (interleaved headers included), over every reader. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Frames not sent to a slow reader so far, over every reader. */
    public long framesDropped() {
        return framesDropped.sum();
    }

    void readers(int count) {
        readers = count;
    }

    void sent(long bytes) {
        bytesOut.add(bytes);
    }

    void dropped() {
        framesDropped.increment();
    }
}
