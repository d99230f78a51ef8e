package org.camgate.upstream.onvif;

import org.camgate.common.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps one event subscription alive on a camera: CreatePullPointSubscription, then a PullMessages loop whose
 * notifications go to {@link CameraMotion}; Renew at half the granted time; after any failure (a fault, no
 * answer, garbage, or the camera reporting the subscription expired) the subscription is dropped, active
 * motion ends, and a new one is built after an exponential backoff ({@code backoffMin} doubling up to
 * {@code backoffMax}), reset by the next success. Every step runs on the {@link TaskScheduler}; one at a time.
 */
final class PullPointLoop {
    /** Largest batch asked for per PullMessages. */
    static final int MESSAGE_LIMIT = 100;
    /** Pause after an empty answer that came back early (a camera ignoring the Timeout must not be hammered). */
    static final Duration EARLY_EMPTY_PAUSE = Duration.ofMillis(500);
    /** Repeated failures with the same cause are summarised at most this often. */
    static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(PullPointLoop.class);

    /** Connects to the camera's events service (resolving its address); may throw {@link OnvifException}. */
    interface Connector {
        EventsPort connect();
    }

    private final String cameraId;
    private final Connector connector;
    private final CameraMotion motion;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final OnvifClientSettings settings;

    private volatile boolean stopped;
    private Runnable pending;
    private volatile EventsPort port;
    private volatile PullPointRef subscription;
    private Instant renewAt;
    private volatile int failures;
    private volatile String lastError = "";
    private volatile long subscriptions;
    private final org.camgate.upstream.RepeatedFailures repeated;

    PullPointLoop(String cameraId, Connector connector, CameraMotion motion, TaskScheduler scheduler, Clock clock,
                  OnvifClientSettings settings) {
        this.cameraId = cameraId;
        this.connector = connector;
        this.motion = motion;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.repeated = new org.camgate.upstream.RepeatedFailures(clock, SUMMARY_INTERVAL);
    }

    void start() {
        next(Duration.ZERO);
    }

    /** Stops the loop; a live subscription is unsubscribed (best effort, bounded by the receive timeout). */
    void stop() {
        stopped = true;
        Runnable p = pending;
        if (p != null) {
            p.run();
        }
    }

    /** Called on the scheduler's thread after {@link #stop()} to release the camera's subscription. */
    void release() {
        PullPointRef s = subscription;
        EventsPort e = port;
        subscription = null;
        if (s != null && e != null) {
            try {
                e.unsubscribe(s);
            } catch (RuntimeException ex) {
                log.debug("camera {}: unsubscribe failed: {}", cameraId, ex.getMessage());
            }
        }
    }

    private void next(Duration delay) {
        if (!stopped) {
            pending = scheduler.schedule(this::step, delay);
        }
    }

    void step() {
        if (stopped) {
            return;
        }
        try {
            if (port == null) {
                port = connector.connect();
            }
            Instant now = clock.instant();
            if (subscription == null) {
                subscription = port.create(settings.subscriptionTime());
                renewAt = now.plus(subscription.granted().dividedBy(2));
                subscriptions++;
                if (failures > 0) {
                    log.debug("camera {}: event subscription created after {} failure(s)", cameraId, failures);
                } else {
                    log.info("camera {}: subscribed to events ({} s granted)", cameraId, subscription.granted().toSeconds());
                }
            } else if (!now.isBefore(renewAt)) {
                subscription = port.renew(subscription, settings.subscriptionTime());
                renewAt = now.plus(subscription.granted().dividedBy(2));
                log.debug("camera {}: subscription renewed ({} s granted)", cameraId, subscription.granted().toSeconds());
            }
            Duration untilRenew = Duration.between(now, renewAt);
            Duration wait = untilRenew.compareTo(settings.pullTimeout()) < 0 ? untilRenew : settings.pullTimeout();
            if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
                wait = Duration.ofSeconds(1);
            }
            Instant asked = clock.instant();
            PullBatch batch = port.pull(subscription, wait, MESSAGE_LIMIT);
            if (stopped) {
                return;
            }
            batch.notifications().forEach(motion::accept);
            if (batch.terminationTime().isBefore(batch.currentTime())) {
                throw new OnvifException(cameraId, "PullMessages", OnvifFailure.BAD_ANSWER,
                        "the camera reports the subscription expired", null);
            }
            // Only a working pull proves the subscription: a camera that accepts subscriptions but fails every
            // pull keeps backing off.
            if (failures > 0) {
                log.info("camera {}: event subscription rebuilt ({})", cameraId, repeated.succeeded());
            }
            failures = 0;
            boolean early = Duration.between(asked, clock.instant()).compareTo(wait.dividedBy(2)) < 0;
            next(batch.notifications().isEmpty() && early ? EARLY_EMPTY_PAUSE : Duration.ZERO);
        } catch (RuntimeException e) {
            if (stopped) {
                return;
            }
            failed(e);
        } catch (Error e) {
            log.error("camera {}: event subscription loop broken", cameraId, e);
            throw e;
        }
    }

    private void failed(RuntimeException e) {
        failures++;
        lastError = e.getMessage() == null ? e.toString() : e.getMessage();
        Duration delay = backoff(failures);
        String prefix = "camera " + cameraId + ": ";
        String cause = lastError.startsWith(prefix) ? lastError.substring(prefix.length()) : lastError;
        // One line, no stack trace: the cause says what went wrong; the same cause again is summarised.
        String line = repeated.failed(cause);
        if (line != null) {
            log.warn("camera {}: {}; event subscription dropped, rebuilding in {} ms", cameraId, line, delay.toMillis());
        }
        motion.lost("event subscription lost");
        if (subscription != null && e instanceof OnvifException o && o.failure() == OnvifFailure.FAULT) {
            // The camera is alive and answering: free its slot rather than waiting for expiry.
            try {
                port.unsubscribe(subscription);
            } catch (RuntimeException ignored) {
                log.debug("camera {}: unsubscribe after failure failed too", cameraId);
            }
        }
        subscription = null;
        port = null;
        next(delay);
    }

    /** The delay before rebuild attempt {@code failures} (1-based). */
    Duration backoff(int failureCount) {
        return Backoff.exponential(settings.backoffMin(), settings.backoffMax()).delay(failureCount);
    }

    /** Whether a subscription is live right now. */
    boolean subscribed() {
        return subscription != null;
    }

    int failures() {
        return failures;
    }

    String lastError() {
        return lastError;
    }

    /** Subscriptions created so far (the first one and every rebuild). */
    long subscriptionsCreated() {
        return subscriptions;
    }
}
