package org.camgate.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered list of {@link Component}s: {@link #start()} starts them in order and, when one fails, stops those
 * already started (in reverse) before rethrowing; {@link #stop()} stops them in reverse order, each once, a failing
 * stop logged and the rest still stopped; {@link #reconfigure} hands a configuration change to each in order. Not
 * thread-safe: the owner serialises calls.
 */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<Component> components = new ArrayList<>();
    private int started;

    /** Appends a component; only before {@link #start()}. */
    public Lifecycle add(Component component) {
        requireNonNull(component, "component");
        if (started > 0) {
            throw new IllegalStateException("add: " + component.name() + " (expected: before start)");
        }
        components.add(component);
        return this;
    }

    /** Starts every component in order; on a failure stops the started ones in reverse and rethrows. */
    public void start() {
        while (started < components.size()) {
            Component next = components.get(started);
            try {
                next.start();
            } catch (Exception e) { // also a checked exception a library rethrew unchecked (Netty's bind)
                // The failing one may hold part of what it opened.
                stopQuietly(next);
                stop();
                throw e;
            }
            started++;
        }
    }

    /** Stops the started components in reverse order; idempotent. */
    public void stop() {
        while (started > 0) {
            started--;
            stopQuietly(components.get(started));
        }
    }

    /**
     * Hands {@code change} to every started component, in start order. A component that fails does not keep the
     * others from taking the change; the failures are thrown together afterwards, each naming its component.
     */
    public void reconfigure(ConfigChange change) {
        requireNonNull(change, "change");
        List<String> failures = new ArrayList<>();
        RuntimeException first = null;
        for (int i = 0; i < started; i++) {
            Component component = components.get(i);
            try {
                component.reconfigure(change);
            } catch (RuntimeException e) {
                failures.add(component.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw new IllegalStateException(String.join("; ", failures), first);
        }
    }

    public boolean isStarted() {
        return started == components.size() && started > 0;
    }

    /** The component names in start order. */
    public List<String> names() {
        return components.stream().map(Component::name).toList();
    }

    private static void stopQuietly(Component component) {
        try {
            component.stop();
        } catch (RuntimeException e) {
            log.warn("{} did not stop cleanly: {}", component.name(), e.toString());
        }
    }
}
