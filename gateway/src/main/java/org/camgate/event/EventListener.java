package org.camgate.event;

/** Receives every event published on an {@link EventBus}. */
@FunctionalInterface
public interface EventListener {
    /**
     * Called on the publisher's thread, in publication order. Must return quickly and must not block:
     * a listener with slow work (network, disk) hands the event to its own bounded queue.
     */
    void onEvent(Event event);
}
