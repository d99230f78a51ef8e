package org.camgate.gate;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.config.GateConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A camera's gate in mode {@code motion} or {@code triggers}: listens on the event bus for its triggers, keeps
 * its state machine on the camera's event loop (events from other threads hop onto it), re-evaluates at
 * post-roll ends and schedule boundaries, and publishes every opening and closing as a {@code gate} event
 * (start/end, data: triggers, reason) and an audit entry ({@code gate-open}/{@code gate-close}).
 */
public final class CameraGate implements Gate {
    private static final Logger log = LoggerFactory.getLogger(CameraGate.class);
    public static final String AUDIT_OPEN = "gate-open";
    public static final String AUDIT_CLOSE = "gate-close";

    private final String cameraId;
    private final String site;
    private final GateConfig config;
    private final EventExecutor loop;
    private final Clock clock;
    private final EventBus bus;
    private final AuditLog audit;
    private final TriggerMatcher matcher;
    private final GateStateMachine machine;
    private volatile boolean open;
    /** What status readers see; replaced (never changed) on the loop after every change of the machine. */
    private volatile Snapshot snapshot = new Snapshot(false, List.of(), null, true, null);
    private Listener listener = (o, n) -> { };
    private Runnable unsubscribe;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    public CameraGate(String cameraId, String site, GateConfig config, EventExecutor loop, Clock clock, EventBus bus,
                      AuditLog audit) {
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.site = Objects.requireNonNull(site, "site");
        this.config = Objects.requireNonNull(config, "config");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.matcher = new TriggerMatcher(cameraId, config.effectiveTriggers());
        this.machine = new GateStateMachine(config);
    }

    /** Starts listening for triggers and applies the schedule. */
    public void start() {
        unsubscribe = bus.subscribe(this::onEvent);
        onLoop(this::evaluate);
    }

    /** Stops listening and timing; the gate stays as it is. Idempotent. */
    public void stop() {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
        onLoop(() -> {
            stopped = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        });
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void listen(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Duration preRoll() {
        return config.preRoll();
    }

    @Override
    public long preRollBytes() {
        return config.preRollBytes();
    }

    @Override
    public org.camgate.config.WhileShut whileShut() {
        return config.whileShut();
    }

    public String cameraId() {
        return cameraId;
    }

    /**
     * The gate as last seen on the camera's loop, safe to read from any thread.
     *
     * @param open            whether video flows
     * @param activeTriggers  configured triggers active now
     * @param postRollUntil   when a running post-roll ends, or null
     * @param scheduleAllows  whether the schedule allows opening now (true without a schedule)
     * @param since           when the gate last opened or closed, or null when it never did
     */
    public record Snapshot(boolean open, List<String> activeTriggers, Instant postRollUntil, boolean scheduleAllows,
                           Instant since) {
        public Snapshot {
            activeTriggers = List.copyOf(activeTriggers);
        }
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    private void onEvent(Event e) {
        List<String> triggers = matcher.match(e);
        if (triggers.isEmpty()) {
            return;
        }
        String condition = TriggerMatcher.conditionKey(e);
        // Always queued, even on the loop: the resulting gate event is then published after the trigger event has
        // reached every listener (the bus delivers in order per publishing thread, and the motion analysis
        // publishes on this loop).
        later(() -> {
            if (stopped) {
                return;
            }
            Instant now = clock.instant();
            apply(switch (e.state()) {
                case START -> machine.start(condition, triggers, now);
                case END -> machine.end(condition, now);
                case INSTANT -> machine.pulse(triggers, now);
            });
        });
    }

    /** Re-evaluates now (on the loop): post-roll and schedule take effect. Also runs on its own timer. */
    void evaluate() {
        if (!stopped) {
            apply(machine.evaluate(clock.instant()));
        }
    }

    private void apply(List<GateTransition> transitions) {
        Instant since = snapshot.since();
        for (GateTransition t : transitions) {
            since = t.time();
            open = t.open();
            log.info("camera {}: gate {} ({}{})", cameraId, t.open() ? "open" : "closed", t.reason(),
                    t.triggers().isEmpty() ? "" : ": " + String.join(", ", t.triggers()));
            listener.gateChanged(t.open(), System.nanoTime());
            bus.publish(Event.of(t.time(), site, EventSource.camera(cameraId), "gate",
                    t.open() ? EventState.START : EventState.END, null,
                    Map.of("triggers", String.join(",", t.triggers()), "reason", t.reason())));
            audit.record(AuditEvent.builder(t.open() ? AUDIT_OPEN : AUDIT_CLOSE, t.time()).remote("-").camera(cameraId)
                    .reason(t.reason()).detail("triggers", String.join(",", t.triggers())).build());
        }
        Instant now = clock.instant();
        snapshot = new Snapshot(machine.isOpen(), machine.activeTriggers(), machine.postRollUntil(now),
                machine.scheduleAllowed(), since);
        arm();
    }

    private void arm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        Instant now = clock.instant();
        Instant deadline = machine.nextDeadline(now);
        if (deadline != null && !stopped) {
            // A little late rather than early, so the deadline has passed when the machine looks.
            long delayMs = Math.max(1, Duration.between(now, deadline).toMillis() + 5);
            timer = loop.schedule(this::evaluate, Math.min(delayMs, TimeUnit.HOURS.toMillis(1)), TimeUnit.MILLISECONDS);
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        later(task);
    }

    private void later(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopping) {
            log.debug("camera {}: gate change after shutdown ignored", cameraId);
        }
    }
}
