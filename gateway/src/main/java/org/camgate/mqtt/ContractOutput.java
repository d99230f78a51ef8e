package org.camgate.mqtt;

import java.util.List;
import org.camgate.event.Event;

/** The contract messages: the event on its topic, and the same payload retained as the source's state. */
final class ContractOutput implements MessageOutput {
    private final Topics topics;

    ContractOutput(Topics topics) {
        this.topics = topics;
    }

    @Override
    public void messages(Event event, byte[] json, List<OutboxMessage.Draft> out) {
        out.add(new OutboxMessage.Draft(topics.event(event), false, json));
        out.add(new OutboxMessage.Draft(topics.state(event), true, json));
    }
}
