package org.camgate.gate;

import java.time.Instant;
import java.util.List;

/**
 * A gate opening or closing.
 *
 * @param open     the new state
 * @param time     when it happened
 * @param triggers the configured triggers active at that moment
 * @param reason   why, in a word: {@code trigger}, {@code post-roll}, {@code schedule}, {@code max-open}
 */
public record GateTransition(boolean open, Instant time, List<String> triggers, String reason) {
    public static final String TRIGGER = "trigger";
    public static final String POST_ROLL = "post-roll";
    public static final String SCHEDULE = "schedule";
    public static final String MAX_OPEN = "max-open";

    public GateTransition {
        triggers = List.copyOf(triggers);
    }
}
