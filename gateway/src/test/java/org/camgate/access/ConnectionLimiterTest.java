package org.camgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

    @Test
    void unauthenticatedConnectionsAreCappedPerAddressButAuthenticatedOnesOnlyByTheTotal() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(600, 3);
        InetAddress nvr = InetAddress.getByName("10.0.0.5");
        List<ConnectionLimiter.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ConnectionLimiter.Slot slot = limiter.tryAcquire(nvr);
            assertThat(slot).isNotNull();
            slot.authenticated();
            slots.add(slot);
        }
        InetAddress idle = InetAddress.getByName("10.0.0.6");
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(idle)).isNotNull();
        }
        assertThat(limiter.tryAcquire(idle)).isNull();
        assertThat(limiter.total()).isEqualTo(503);
        slots.forEach(ConnectionLimiter.Slot::release);
        slots.get(0).release();
        assertThat(limiter.total()).isEqualTo(3);
        assertThat(limiter.unauthenticated(nvr)).isZero();
    }

    @Test
    void theTotalBoundsEverything() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 2);
        assertThat(limiter.tryAcquire(InetAddress.getByName("10.0.0.1"))).isNotNull();
        ConnectionLimiter.Slot b = limiter.tryAcquire(InetAddress.getByName("10.0.0.2"));
        assertThat(limiter.tryAcquire(InetAddress.getByName("10.0.0.3"))).isNull();
        b.release();
        assertThat(limiter.tryAcquire(InetAddress.getByName("10.0.0.3"))).isNotNull();
    }
}
