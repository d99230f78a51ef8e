package org.camgate.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InterarrivalJitterTest {
    private static final long MS = 1_000_000L;

    @Test
    void packetsArrivingAsTheyWereSentHaveNoJitter() {
        InterarrivalJitter jitter = new InterarrivalJitter(90000);
        for (int i = 0; i < 100; i++) {
            jitter.onPacket(i * 40 * MS, 0xFFFF_0000L + i * 3600L); // 25 fps, timestamps wrapping past 2^32
        }
        assertThat(jitter.millis()).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void convergesOnTheMeanDeviationOfTheSpacing() {
        InterarrivalJitter jitter = new InterarrivalJitter(90000);
        // Every packet sent 40 ms apart, received alternately 30 and 50 ms apart: |D| = 10 ms each time.
        long arrival = 0;
        for (int i = 0; i < 500; i++) {
            arrival += (i % 2 == 0 ? 30 : 50) * MS;
            jitter.onPacket(arrival, i * 3600L);
        }
        assertThat(jitter.millis()).isCloseTo(10.0, within(0.01));
    }
}
