package org.camgate.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.stream.Frame;
import org.camgate.stream.FrameTap;
import org.camgate.stream.StreamDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's live state ({@link CameraState}: connecting, playing, down with the last error, idle) and its
 * {@code signal-loss} events. Sees the sessions through a {@link WatchedSource} and the frames as a {@link FrameTap},
 * both on the camera's event loop; its own check runs there too. Other threads read {@link #status()}.
 *
 * <p>A signal loss starts when a playing camera sends no video for {@code signalLossAfter}, or its session drops; it
 * ends with the next video frame. A camera that never played has no signal to lose: it is {@code down}, not lost.
 * Each transition is logged once (warning at the start, info at the end) and published as a camera event (MQTT with
 * the retained state, ONVIF {@code tns1:VideoSource/SignalLoss}); it is not an access event, so not audited.
 */
public final class CameraWatch implements SessionObserver, FrameTap {
    private static final Logger log = LoggerFactory.getLogger(CameraWatch.class);
    static final String EVENT = "signal-loss";

    private final String cameraId;
    private final String site;
    private final Duration signalLossAfter;
    private final EventBus bus;
    private final Clock clock;
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder signalLosses = new LongAdder();
    private volatile CameraStatus status;
    private ScheduledFuture<?> check;
    private int videoTrack = -1;
    private long lastVideoMillis;
    private long lostAtMillis;
    private boolean lost;

    /**
     * @param loop     the camera's event loop, where every method but {@link #status()} and the counters is called
     * @param onDemand whether the camera starts {@link CameraState#IDLE} (else {@link CameraState#CONNECTING})
     */
    public CameraWatch(String cameraId, String site, boolean onDemand, Duration signalLossAfter, EventBus bus,
                       Clock clock, ScheduledExecutorService loop) {
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.site = Objects.requireNonNull(site, "site");
        this.signalLossAfter = Objects.requireNonNull(signalLossAfter, "signalLossAfter");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new CameraStatus(onDemand ? CameraState.IDLE : CameraState.CONNECTING, null, clock.instant(), false);
        long every = Math.max(100, Math.min(1000, signalLossAfter.toMillis() / 5));
        check = loop.scheduleWithFixedDelay(this::checkVideo, every, every, TimeUnit.MILLISECONDS);
    }

    public String cameraId() {
        return cameraId;
    }

    /** The camera's state now; any thread. */
    public CameraStatus status() {
        return status;
    }

    /** Frames received from the camera (every track). */
    public long framesIn() {
        return framesIn.sum();
    }

    /** Sessions opened again after a failure or drop. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** Signal losses started so far. */
    public long signalLosses() {
        return signalLosses.sum();
    }

    @Override
    public void opening() {
        CameraStatus s = status;
        if (s.state() == CameraState.DOWN) {
            reconnects.increment(); // stays down, with its error, until the camera plays again
        } else if (s.state() != CameraState.CONNECTING) {
            set(CameraState.CONNECTING, null);
        }
    }

    @Override
    public void playing(StreamDescription description) {
        videoTrack = description.tracks().stream().filter(t -> t.video()).mapToInt(t -> t.index()).findFirst().orElse(-1);
        lastVideoMillis = clock.millis(); // the no-video clock starts now; a lost signal ends with the first frame
        set(CameraState.PLAYING, null);
    }

    @Override
    public void failed(String reason) {
        String error = reason == null || reason.isBlank() ? "unknown error" : reason;
        if (status.state() == CameraState.PLAYING && !lost) {
            startLoss("session ended: " + error, "session-ended");
        }
        if (status.state() == CameraState.DOWN) {
            status = new CameraStatus(CameraState.DOWN, error, status.since(), lost);
        } else {
            set(CameraState.DOWN, error);
        }
    }

    @Override
    public void closedByGateway() {
        set(CameraState.IDLE, status.lastError());
    }

    @Override
    public void onDescription(StreamDescription description) {
        // playing() already took the tracks
    }

    @Override
    public void onFrame(Frame frame) {
        framesIn.increment();
        if (frame.track() != videoTrack) {
            return;
        }
        lastVideoMillis = clock.millis();
        if (lost) {
            lost = false;
            long lostMs = Math.max(0, lastVideoMillis - lostAtMillis);
            log.info("camera {}: signal back after {} s", cameraId, lostMs / 1000);
            status = new CameraStatus(status.state(), status.lastError(), status.since(), false);
            publish(EventState.END, Map.of("durationMs", lostMs));
        }
    }

    /** On the loop: a playing camera silent for longer than {@code signalLossAfter} has lost its signal. */
    void checkVideo() {
        if (lost || status.state() != CameraState.PLAYING || videoTrack < 0) {
            return;
        }
        long silent = clock.millis() - lastVideoMillis;
        if (silent >= signalLossAfter.toMillis()) {
            startLoss("no video for " + Math.max(1, silent / 1000) + " s", "no-video");
        }
    }

    /** Stops the check; no events follow. Call on the loop or after it stopped. */
    public void close() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void startLoss(String why, String cause) {
        lost = true;
        lostAtMillis = clock.millis();
        signalLosses.increment();
        log.warn("camera {}: signal lost ({})", cameraId, why);
        status = new CameraStatus(status.state(), status.lastError(), status.since(), true);
        publish(EventState.START, Map.of("cause", cause));
    }

    private void set(CameraState state, String error) {
        status = new CameraStatus(state, error, clock.instant(), lost);
    }

    private void publish(EventState state, Map<String, Object> data) {
        Instant now = clock.instant();
        bus.publish(Event.of(now, site, EventSource.camera(cameraId), EVENT, state, null, data));
    }
}
