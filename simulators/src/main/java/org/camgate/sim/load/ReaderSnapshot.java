package org.camgate.sim.load;

/** One reader's counters at one moment; {@link #minus} gives what happened in between. */
record ReaderSnapshot(int id, long bytes, long packets, long lost, boolean playing, String failure) {

    ReaderSnapshot minus(ReaderSnapshot earlier) {
        return new ReaderSnapshot(id, bytes - earlier.bytes, packets - earlier.packets, lost - earlier.lost,
                playing, failure);
    }
}
