package org.camgate.upstream.onvif;

import java.time.Duration;

/** Runs tasks after a delay, one at a time (a single thread in production; a fake clock in tests). */
interface TaskScheduler {
    /** Schedules {@code task}; the returned handle cancels it. */
    Runnable schedule(Runnable task, Duration delay);
}
