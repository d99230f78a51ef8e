package org.camgate.gate;

import org.camgate.config.GateConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One camera's gate as a pure state machine (no clock, no threads): open while any trigger condition is active,
 * or within {@code postRoll} after the last one ended, and only inside the schedule's windows. The caller feeds
 * it condition starts and ends with the time they happened, and calls {@link #evaluate} at
 * {@link #nextDeadline} so post-roll and schedule boundaries take effect. Not thread-safe: confine it.
 */
final class GateStateMachine {
    private final Duration postRoll;
    private final Duration maxOpen;
    private final WeeklySchedule schedule;
    /** Conditions that held the gate open for {@code maxOpen}: they no longer count until they end. */
    private final Set<String> exhausted = new LinkedHashSet<>();
    private Instant openedAt;
    /** Active conditions (see {@link TriggerMatcher#conditionKey}) and the configured triggers each satisfies. */
    private final Map<String, List<String>> active = new LinkedHashMap<>();
    private Instant holdUntil;
    private boolean open;
    private boolean scheduleAllowed = true;
    /** Every trigger that held the gate open since it last opened (reported with the opening and the closing). */
    private final Set<String> openTriggers = new LinkedHashSet<>();

    GateStateMachine(GateConfig config) {
        this.postRoll = config.postRoll();
        this.maxOpen = config.maxOpen().orElse(null);
        this.schedule = config.schedule().map(WeeklySchedule::new).orElse(null);
    }

    boolean isOpen() {
        return open;
    }

    /** The configured triggers whose conditions are active now (and not exhausted by maxOpen), each once. */
    List<String> activeTriggers() {
        Set<String> out = new LinkedHashSet<>();
        live().forEach(c -> out.addAll(active.get(c)));
        return List.copyOf(out);
    }

    /** When the post-roll after the last condition ends, or null when none is running at {@code now}. */
    Instant postRollUntil(Instant now) {
        return live().isEmpty() && holdUntil != null && holdUntil.isAfter(now) ? holdUntil : null;
    }

    /** Whether the schedule allowed the gate to open at the last evaluation. */
    boolean scheduleAllowed() {
        return scheduleAllowed;
    }

    /** A condition began (a repeated start of the same condition changes nothing). */
    List<GateTransition> start(String condition, List<String> triggers, Instant now) {
        active.put(condition, List.copyOf(triggers));
        return evaluate(now);
    }

    /** A condition ended; post-roll runs from {@code now} once no condition is left. */
    List<GateTransition> end(String condition, Instant now) {
        boolean wasExhausted = exhausted.remove(condition);
        if (active.remove(condition) != null && live().isEmpty() && !wasExhausted) {
            holdUntil = now.plus(postRoll);
        }
        return evaluate(now);
    }

    /** Active conditions that still count (not exhausted by {@code maxOpen}). */
    private List<String> live() {
        return active.keySet().stream().filter(c -> !exhausted.contains(c)).toList();
    }

    /** A single occurrence (say a line crossing): opens for {@code postRoll} from {@code now}. */
    List<GateTransition> pulse(List<String> triggers, Instant now) {
        List<GateTransition> out = new ArrayList<>(start("pulse", triggers, now));
        out.addAll(end("pulse", now));
        return out;
    }

    /** Applies time passing: post-roll expiry and schedule windows. */
    List<GateTransition> evaluate(Instant now) {
        boolean allowed = schedule == null || schedule.allows(now);
        boolean scheduleJustOpened = allowed && !scheduleAllowed;
        scheduleAllowed = allowed;
        boolean tooLong = open && maxOpen != null && !now.isBefore(openedAt.plus(maxOpen));
        if (tooLong) {
            exhausted.addAll(active.keySet());
            holdUntil = null;
        }
        boolean triggered = !live().isEmpty() || holdUntil != null && now.isBefore(holdUntil);
        boolean shouldOpen = allowed && triggered;
        if (!open) {
            openTriggers.clear();
        }
        live().forEach(c -> openTriggers.addAll(active.get(c)));
        if (shouldOpen == open) {
            return List.of();
        }
        open = shouldOpen;
        String reason;
        if (open) {
            openedAt = now;
            reason = scheduleJustOpened ? GateTransition.SCHEDULE : GateTransition.TRIGGER;
        } else if (tooLong) {
            reason = GateTransition.MAX_OPEN;
        } else if (!allowed) {
            reason = GateTransition.SCHEDULE;
        } else {
            reason = postRoll.isZero() ? GateTransition.TRIGGER : GateTransition.POST_ROLL;
        }
        return List.of(new GateTransition(open, now, List.copyOf(openTriggers), reason));
    }

    /** When {@link #evaluate} must run next (post-roll end or a schedule boundary), or null for never. */
    Instant nextDeadline(Instant now) {
        Instant next = holdUntil != null && holdUntil.isAfter(now) ? holdUntil : null;
        if (open && maxOpen != null) {
            Instant limit = openedAt.plus(maxOpen);
            if (next == null || limit.isBefore(next)) {
                next = limit;
            }
        }
        if (schedule != null) {
            Instant boundary = schedule.nextBoundary(now);
            if (boundary != null && (next == null || boundary.isBefore(next))) {
                next = boundary;
            }
        }
        return next;
    }
}
