package org.camgate.sim.sensor;

import java.time.Duration;

/**
 * Faults a simulated sensor injects: each datagram is lost with probability {@code loss}; after each datagram a
 * garbage datagram (random bytes) follows with probability {@code garbage}; from {@code silenceAt} (since start)
 * it sends nothing for {@code silenceFor}. Random choices come from {@code seed}, so a run is repeatable.
 */
public record Faults(double loss, double garbage, Duration silenceAt, Duration silenceFor, long seed) {
    public static final Faults NONE = new Faults(0, 0, null, Duration.ZERO, 1);

    public Faults {
        if (loss < 0 || loss > 1 || garbage < 0 || garbage > 1) {
            throw new IllegalArgumentException("loss and garbage are probabilities (expected: 0 to 1)");
        }
        if (silenceFor == null || silenceFor.isNegative()) {
            throw new IllegalArgumentException("silenceFor: " + silenceFor + " (expected: >= 0)");
        }
    }

    boolean silent(Duration sinceStart) {
        return silenceAt != null && sinceStart.compareTo(silenceAt) >= 0
                && sinceStart.compareTo(silenceAt.plus(silenceFor)) < 0;
    }
}
