package org.camgate.status;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camgate.event.Event;
import org.camgate.event.EventListener;

/**
 * The last events published on the event bus, for the status page: a ring of at most {@code capacity} events, and
 * the last event of each sensor (at most {@value #MAX_SENSORS} sensors remembered). Thread-safe; {@link #onEvent}
 * only appends to memory, so it is cheap on any publisher's thread.
 */
public final class RecentEvents implements EventListener {
    public static final int DEFAULT_CAPACITY = 50;
    static final int MAX_SENSORS = 1024;

    private final int capacity;
    private final ArrayDeque<Event> ring;
    private final Map<String, Event> lastBySensor = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > MAX_SENSORS;
        }
    };

    public RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
    }

    @Override
    public synchronized void onEvent(Event event) {
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(event);
        if (event.source().isSensor()) {
            lastBySensor.put(event.source().id(), event);
        }
    }

    /** The remembered events, newest first. */
    public synchronized List<Event> newestFirst() {
        List<Event> out = new ArrayList<>(ring.size());
        for (Iterator<Event> it = ring.descendingIterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** The last event of the sensor, or null when none was seen (or it was forgotten). */
    public synchronized Event lastOfSensor(String sensorId) {
        return lastBySensor.get(sensorId);
    }
}
