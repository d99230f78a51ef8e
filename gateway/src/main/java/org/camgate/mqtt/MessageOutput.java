package org.camgate.mqtt;

import java.util.List;
import org.camgate.event.Event;

/** Turns one event into the MQTT messages of one output (the contract topics, Home Assistant, Profile M). */
@FunctionalInterface
interface MessageOutput {
    /** Adds this output's messages for {@code event} to {@code out}, in publication order. */
    void messages(Event event, byte[] contractJson, List<OutboxMessage.Draft> out);
}
