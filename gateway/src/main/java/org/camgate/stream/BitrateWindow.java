package org.camgate.stream;

import java.util.concurrent.TimeUnit;

/**
 * A camera's incoming bitrate for status: bytes are added on the camera's loop; the rate of the last complete window of
 * at least a second is read from any thread, and reads as 0 once nothing came for {@link #STALE_NANOS}.
 */
final class BitrateWindow {
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private long windowStart;
    private long windowBytes;
    private boolean started;
    private volatile long bitsPerSecond;
    private volatile long lastNanos;

    /** On the camera's loop, for each frame. */
    void add(int bytes, long nowNanos) {
        if (!started) {
            started = true;
            windowStart = nowNanos;
        }
        windowBytes += bytes;
        lastNanos = nowNanos;
        long elapsed = nowNanos - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            bitsPerSecond = windowBytes * 8 * 1_000_000_000L / elapsed;
            windowStart = nowNanos;
            windowBytes = 0;
        }
    }

    long bitsPerSecond(long nowNanos) {
        return lastNanos == 0 || nowNanos - lastNanos > STALE_NANOS ? 0 : bitsPerSecond;
    }
}
