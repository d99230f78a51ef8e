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
    private final WeeklySchedule schedule;
    /** Active conditions (see {@link TriggerMatcher#conditionKey}) and the configured triggers each satisfies. */
    private final Map<String, List<String>> active = new LinkedHashMap<>();
    private Instant holdUntil;
    private boolean open;
    private boolean scheduleAllowed = true;
    /** Every trigger that held the gate open since it last opened (reported with the opening and the closing). */
    private final Set<String> openTriggers = new LinkedHashSet<>();

    GateStateMachine(GateConfig config) {
        this.postRoll = config.postRoll();
        this.schedule = config.schedule().map(WeeklySchedule::new).orElse(null);
    }

    boolean isOpen() {
        return open;
    }

    /** A condition began (a repeated start of the same condition changes nothing). */
    List<GateTransition> start(String condition, List<String> triggers, Instant now) {
        active.put(condition, List.copyOf(triggers));
        return evaluate(now);
    }

    /** A condition ended; post-roll runs from {@code now} once no condition is left. */
    List<GateTransition> end(String condition, Instant now) {
        if (active.remove(condition) != null && active.isEmpty()) {
            holdUntil = now.plus(postRoll);
        }
        return evaluate(now);
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
        boolean triggered = !active.isEmpty() || holdUntil != null && now.isBefore(holdUntil);
        boolean shouldOpen = allowed && triggered;
        if (!open) {
            openTriggers.clear();
        }
        active.values().forEach(openTriggers::addAll);
        if (shouldOpen == open) {
            return List.of();
        }
        open = shouldOpen;
        String reason;
        if (open) {
            reason = scheduleJustOpened ? GateTransition.SCHEDULE : GateTransition.TRIGGER;
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
        if (schedule != null) {
            Instant boundary = schedule.nextBoundary(now);
            if (boundary != null && (next == null || boundary.isBefore(next))) {
                next = boundary;
            }
        }
        return next;
    }
}
