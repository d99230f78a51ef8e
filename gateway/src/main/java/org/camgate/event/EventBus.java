package org.camgate.event;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where detectors, gates and operators publish events, and where the MQTT outbox, gates, ONVIF subscriptions
 * and the audit log listen. Delivery is synchronous on the publisher's thread, so each publisher's events reach
 * every listener in the order published; a listener that throws is logged and does not affect the others.
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; returns a handle that removes it. */
    public Runnable subscribe(EventListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(Event event) {
        Objects.requireNonNull(event, "event");
        for (EventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("event listener {} failed on {} {}/{}: {}", listener, event.event(), event.source().kind(),
                        event.source().id(), e.toString());
            }
        }
    }
}
