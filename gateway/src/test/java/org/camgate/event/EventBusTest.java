package org.camgate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private static Event event(String name) {
        return Event.of(Instant.EPOCH, "lab", EventSource.camera("c1"), name, EventState.INSTANT, null, Map.of());
    }

    @Test
    void deliversInOrderAndIsolatesFailingListeners() {
        EventBus bus = new EventBus();
        List<String> seen = new ArrayList<>();
        bus.subscribe(e -> {
            throw new IllegalStateException("boom");
        });
        Runnable off = bus.subscribe(e -> seen.add(e.event()));
        bus.publish(event("a"));
        bus.publish(event("b"));
        off.run();
        bus.publish(event("c"));
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void countsADeliveryThatHeldThePublisherUp() {
        EventBus bus = new EventBus();
        List<String> seen = new ArrayList<>();
        bus.subscribe(e -> seen.add(e.event()));
        long before = bus.slowDeliveries();
        Runnable off = bus.subscribe(e -> {
            try {
                Thread.sleep(EventBus.SLOW_MILLIS + 50); // a listener writing to a stalled disk itself
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        bus.publish(event("a"));
        assertThat(bus.slowDeliveries() - before).isEqualTo(1);
        off.run();
        assertThat(seen).containsExactly("a");
    }

    @Test
    void rejectsEventNamesThatAreNotTopicLevels() {
        assertThatThrownBy(() -> event("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> event("#")).isInstanceOf(IllegalArgumentException.class);
        assertThat(event("line-crossing").id()).isNotEqualTo(event("line-crossing").id());
    }
}
