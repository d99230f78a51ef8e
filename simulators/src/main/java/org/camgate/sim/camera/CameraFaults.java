package org.camgate.sim.camera;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The faults one camera is showing, each until a deadline on a monotonic clock: down (rebooting), stalled
 * (no media), credentials changed, UDP packet loss. Set from any thread (a scenario's scheduler), read by
 * the camera's event loops; every field is an immutable value in a volatile, so readers never see half a
 * fault. Faults end by themselves when their time has passed.
 */
final class CameraFaults {
    private static final SecureRandom PASSWORDS = new SecureRandom();

    private final LongSupplier nanoClock;
    private volatile Window down;
    private volatile Window stall;
    private volatile BrokenCredentials credentials;
    private volatile Loss loss;

    /** Until when (clock nanoseconds) a fault lasts. */
    private record Window(long until) {
        boolean covers(long now) {
            return until - now > 0;
        }
    }

    private record BrokenCredentials(Window window, String password) {
    }

    private record Loss(Window window, double rate) {
    }

    CameraFaults(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    CameraFaults() {
        this(System::nanoTime);
    }

    void reboot(Duration downFor) {
        down = window(downFor, "down");
    }

    boolean isDown() {
        Window w = down;
        return w != null && w.covers(nanoClock.getAsLong());
    }

    void stall(Duration duration) {
        stall = window(duration, "duration");
    }

    boolean isStalled() {
        Window w = stall;
        return w != null && w.covers(nanoClock.getAsLong());
    }

    /** From now on for {@code duration}, only a random password (known to nobody) is accepted. */
    void breakCredentials(Duration duration) {
        byte[] secret = new byte[16];
        PASSWORDS.nextBytes(secret);
        credentials = new BrokenCredentials(window(duration, "duration"), HexFormat.of().formatHex(secret));
    }

    /** The password that replaced the configured one while credentials are broken; null otherwise. */
    String changedPassword() {
        BrokenCredentials c = credentials;
        return c != null && c.window().covers(nanoClock.getAsLong()) ? c.password() : null;
    }

    void packetLoss(double rate, Duration duration) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: 0-1)");
        }
        loss = new Loss(window(duration, "duration"), rate);
    }

    /** Whether to drop the next UDP RTP packet, given a uniform random number in [0, 1). */
    boolean dropUdpPacket(DoubleSupplier random) {
        Loss l = loss;
        return l != null && l.rate() > 0 && l.window().covers(nanoClock.getAsLong()) && random.getAsDouble() < l.rate();
    }

    private Window window(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: > 0)");
        }
        return new Window(nanoClock.getAsLong() + duration.toNanos());
    }
}
