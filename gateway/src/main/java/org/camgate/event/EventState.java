package org.camgate.event;

import java.util.Locale;

/** Whether an event begins a condition, ends it, or is a single occurrence. */
public enum EventState {
    START, END, INSTANT;

    /** The lower-case wire form: {@code start}, {@code end}, {@code instant}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
