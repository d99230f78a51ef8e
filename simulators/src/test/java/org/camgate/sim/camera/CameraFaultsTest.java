package org.camgate.sim.camera;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CameraFaultsTest {
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 1_000_000_000L);  // wraps: nanoTime may
    private final CameraFaults faults = new CameraFaults(now::get);

    @Test
    void noFaultsAtFirst() {
        assertThat(faults.isDown()).isFalse();
        assertThat(faults.isStalled()).isFalse();
        assertThat(faults.changedPassword()).isNull();
        assertThat(faults.dropUdpPacket(() -> 0.0)).isFalse();
    }

    @Test
    void eachFaultLastsItsWindowAcrossTheClockWrapping() {
        faults.reboot(Duration.ofSeconds(2));
        faults.stall(Duration.ofSeconds(3));
        faults.breakCredentials(Duration.ofSeconds(4));
        faults.packetLoss(0.5, Duration.ofSeconds(5));
        advance(1999);
        assertThat(faults.isDown()).isTrue();
        advance(1);
        assertThat(faults.isDown()).isFalse();
        assertThat(faults.isStalled()).isTrue();
        advance(1000);
        assertThat(faults.isStalled()).isFalse();
        assertThat(faults.changedPassword()).matches("[0-9a-f]{32}");
        advance(1000);
        assertThat(faults.changedPassword()).isNull();
        assertThat(faults.dropUdpPacket(() -> 0.49)).isTrue();
        assertThat(faults.dropUdpPacket(() -> 0.5)).isFalse();
        advance(1000);
        assertThat(faults.dropUdpPacket(() -> 0.0)).isFalse();
    }

    @Test
    void aNewFaultReplacesTheOldWindowAndANewPasswordIsDrawnEachTime() {
        faults.breakCredentials(Duration.ofSeconds(1));
        String first = faults.changedPassword();
        faults.breakCredentials(Duration.ofSeconds(10));
        assertThat(faults.changedPassword()).isNotEqualTo(first);
        advance(5000);
        assertThat(faults.changedPassword()).isNotNull();
        faults.reboot(Duration.ofSeconds(10));
        faults.reboot(Duration.ofMillis(1));
        advance(1);
        assertThat(faults.isDown()).isFalse();
    }

    @Test
    void zeroRateDropsNothingAndFullRateDropsEverything() {
        faults.packetLoss(0, Duration.ofSeconds(1));
        assertThat(faults.dropUdpPacket(() -> 0.0)).isFalse();
        faults.packetLoss(1, Duration.ofSeconds(1));
        assertThat(faults.dropUdpPacket(() -> 0.999)).isTrue();
    }

    @Test
    void badArgumentsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> faults.reboot(Duration.ZERO)).hasMessage("down: PT0S (expected: > 0)");
        assertThatThrownBy(() -> faults.stall(Duration.ofSeconds(-1))).hasMessage("duration: PT-1S (expected: > 0)");
        assertThatThrownBy(() -> faults.packetLoss(1.5, Duration.ofSeconds(1))).hasMessage("rate: 1.5 (expected: 0-1)");
        assertThatThrownBy(() -> faults.packetLoss(Double.NaN, Duration.ofSeconds(1)))
                .hasMessage("rate: NaN (expected: 0-1)");
        assertThatThrownBy(() -> faults.breakCredentials(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void unknownPathsAreRefusedByTheServer() {
        SimCameraServer server = new SimCameraServer("127.0.0.1", 0, java.util.List.of(SimCameraConfig.of("cam1")));
        assertThatThrownBy(() -> server.stall("nope", Duration.ofSeconds(1)))
                .hasMessage("path: nope (expected one of [cam1])");
        // not running: faults are remembered, nothing to reach
        assertThat(server.garbage("/cam1")).isZero();
        server.reboot("cam1", Duration.ofSeconds(1));
        assertThat(server.connectionCount("cam1")).isZero();
    }

    private void advance(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }
}
