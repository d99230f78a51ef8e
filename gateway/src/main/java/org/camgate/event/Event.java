package org.camgate.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One anonymous event, as published on MQTT ({@code {prefix}/{site}/{kind}/{id}/{event}}) and offered to gates,
 * ONVIF subscribers and the audit log. Carries measurements only: never images or traits of people.
 *
 * <p>Event names in use: on cameras {@code gate}, {@code motion} (the gateway's own analysis),
 * {@code camera-motion} (the camera's ONVIF motion alarm), {@code manual} (an operator's trigger); on sensors
 * the detector's name ({@code intrusion}, {@code dwell}, {@code line-crossing}, {@code speed}, {@code occupancy},
 * {@code fire}, {@code presence}, {@code fault}, {@code statistics}).
 *
 * @param id     unique, for de-duplication by consumers
 * @param time   when it happened (UTC)
 * @param site   the configured site
 * @param source what it is about
 * @param event  what happened, a topic level (lower-case letters, digits and {@code -})
 * @param state  start, end or instant
 * @param zone   the zone it concerns, or null
 * @param data   measurements (numbers, strings, booleans), possibly empty; immutable
 */
public record Event(String id, Instant time, String site, EventSource source, String event, EventState state,
                    String zone, Map<String, Object> data) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(state, "state");
        if (!event.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("invalid event name \"" + event + "\"");
        }
        data = Map.copyOf(data);
    }

    /** A new event with a fresh random id. */
    public static Event of(Instant time, String site, EventSource source, String event, EventState state,
                           String zone, Map<String, Object> data) {
        return new Event(UUID.randomUUID().toString(), time, site, source, event, state, zone, data);
    }
}
