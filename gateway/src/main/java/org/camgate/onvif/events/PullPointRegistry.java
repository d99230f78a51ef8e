package org.camgate.onvif.events;

import org.camgate.event.Event;
import org.camgate.event.EventListener;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The open PullPoint subscriptions (at most {@code max} in all and {@code maxPerUser} per user, so one user cannot
 * take them all), fed from the gateway's event bus.
 * Keeps the current value of every property topic so new subscriptions and synchronization points
 * start with Initialized messages. Expired subscriptions are removed on every create and sweep.
 */
public final class PullPointRegistry implements EventListener {
    private final int max;
    private final int maxPerUser;
    private final int queueCapacity;
    private final Clock clock;
    private final Map<String, PullPoint> pullPoints = new ConcurrentHashMap<>();
    /** Current property states by property key, in first-seen order. */
    private final Map<String, OnvifNotification> properties = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public PullPointRegistry(int max, int maxPerUser, int queueCapacity, Clock clock,
                             List<OnvifNotification> initialStates) {
        this.max = max;
        this.maxPerUser = maxPerUser;
        this.queueCapacity = queueCapacity;
        this.clock = clock;
        initialStates.forEach(n -> properties.put(n.propertyKey(), n));
    }

    /** A new subscription; empty when {@code max} are open, or {@code maxPerUser} of this user's. */
    public synchronized Optional<PullPoint> create(String user, Predicate<OnvifNotification> visible, Instant termination) {
        sweep();
        if (pullPoints.size() >= max || openFor(user) >= maxPerUser) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        PullPoint p = new PullPoint(HexFormat.of().formatHex(bytes), user, visible, queueCapacity, clock, termination);
        pullPoints.put(p.id(), p);
        p.offerAll(currentStates("Initialized"));
        return Optional.of(p);
    }

    /** Whether the user holds as many subscriptions as one user may. */
    public synchronized boolean atUserLimit(String user) {
        return openFor(user) >= maxPerUser;
    }

    public int maxPerUser() {
        return maxPerUser;
    }

    private int openFor(String user) {
        int n = 0;
        for (PullPoint p : pullPoints.values()) {
            if (p.user().equals(user) && !p.expired()) {
                n++;
            }
        }
        return n;
    }

    /** An open, unexpired subscription by id. */
    public Optional<PullPoint> find(String id) {
        PullPoint p = id == null ? null : pullPoints.get(id);
        if (p != null && p.expired()) {
            remove(p);
            return Optional.empty();
        }
        return Optional.ofNullable(p);
    }

    public void renew(PullPoint p, Instant until) {
        p.renew(until);
    }

    public void remove(PullPoint p) {
        pullPoints.remove(p.id(), p);
        p.close();
    }

    /** Queues the current state of every property again (SetSynchronizationPoint). */
    public void synchronize(PullPoint p) {
        p.offerAll(currentStates("Initialized"));
    }

    public int size() {
        return pullPoints.size();
    }

    /** Removes expired subscriptions. */
    public void sweep() {
        for (PullPoint p : new ArrayList<>(pullPoints.values())) {
            if (p.expired()) {
                remove(p);
            }
        }
    }

    /** Ends every subscription (gateway stopping). */
    public void closeAll() {
        for (PullPoint p : new ArrayList<>(pullPoints.values())) {
            remove(p);
        }
    }

    @Override
    public void onEvent(Event event) {
        List<OnvifNotification> messages = TopicMapper.map(event);
        if (messages.isEmpty()) {
            return;
        }
        synchronized (this) {
            for (OnvifNotification n : messages) {
                if (n.operation() != null) {
                    properties.put(n.propertyKey(), n);
                }
            }
        }
        for (PullPoint p : pullPoints.values()) {
            messages.forEach(p::offer);
        }
    }

    private synchronized List<OnvifNotification> currentStates(String operation) {
        Instant now = clock.instant();
        List<OnvifNotification> out = new ArrayList<>(properties.size());
        properties.values().forEach(n -> out.add(n.withOperation(operation, now)));
        return out;
    }
}
