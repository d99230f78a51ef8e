package org.camgate.sim.load;

/**
 * One reader's counters at one moment; {@link #minus} gives what happened in between.
 *
 * @param joinMillis   from opening the connection to the first video packet, or -1 before that
 * @param jitterMillis the current RTP interarrival jitter estimate of its worst track
 */
record ReaderSnapshot(int id, long bytes, long packets, long lost, boolean playing, String failure, double joinMillis,
                      double jitterMillis) {

    ReaderSnapshot minus(ReaderSnapshot earlier) {
        return new ReaderSnapshot(id, bytes - earlier.bytes, packets - earlier.packets, lost - earlier.lost,
                playing, failure, joinMillis, jitterMillis);
    }
}
