package org.camgate.sim.load;

/**
 * RTP interarrival jitter of one track (RFC 3550 section 6.4.1): the smoothed mean deviation of the
 * difference in packet spacing at the receiver compared with the sender, {@code J += (|D| - J) / 16},
 * kept in RTP timestamp units and reported in milliseconds.
 */
final class InterarrivalJitter {
    private final double clockRate;
    private boolean started;
    private double lastArrival;
    private long lastTimestamp;
    private double jitter;

    InterarrivalJitter(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate: " + clockRate + " (expected: > 0)");
        }
        this.clockRate = clockRate;
    }

    /** Takes one packet: when it arrived (any monotonic nanosecond clock) and its RTP timestamp. */
    void onPacket(long arrivalNanos, long rtpTimestamp) {
        double arrival = arrivalNanos * clockRate / 1e9;
        if (started) {
            // Timestamps are 32-bit and wrap: take the signed difference.
            int sent = (int) (rtpTimestamp - lastTimestamp);
            double d = (arrival - lastArrival) - sent;
            jitter += (Math.abs(d) - jitter) / 16.0;
        }
        started = true;
        lastArrival = arrival;
        lastTimestamp = rtpTimestamp;
    }

    double millis() {
        return jitter * 1000.0 / clockRate;
    }
}
