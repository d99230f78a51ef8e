package org.camgate.sim.onvif;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The device's pull-point subscriptions: at most {@value #MAX} at once, each expiring at its termination time
 * unless renewed (between 10 s and 1 h; relative durations and absolute times accepted).
 */
final class SimPullPoints {
    static final int MAX = 16;
    private static final Duration DEFAULT = Duration.ofSeconds(60);
    private static final Duration MIN = Duration.ofSeconds(10);
    private static final Duration LONGEST = Duration.ofHours(1);

    /** One subscription; {@code reported} is the motion state last sent (null: send Initialized next). */
    static final class PullPoint {
        final long id;
        volatile Instant termination;
        volatile Boolean reported;
        /** The topics (without prefix) the subscription's filter names, or null when it has no filter. */
        final java.util.Set<String> filter;

        PullPoint(long id, Instant termination, java.util.Set<String> filter) {
            this.id = id;
            this.termination = termination;
            this.filter = filter;
        }

        /** Whether a notification on {@code topic} goes to this subscription. */
        boolean wants(String topic, boolean filteredOnly) {
            if (filter == null) {
                return !filteredOnly;
            }
            String path = topic.substring(topic.indexOf(':') + 1);
            return filter.contains(path);
        }
    }

    private final Clock deviceClock;
    private final Map<Long, PullPoint> points = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong renewed = new AtomicLong();

    SimPullPoints(Clock deviceClock) {
        this.deviceClock = deviceClock;
    }

    synchronized PullPoint create(String requested) {
        return create(requested, null);
    }

    synchronized PullPoint create(String requested, java.util.Set<String> filter) {
        prune();
        if (points.size() >= MAX) {
            throw SimFaults.tooMany("too many pull points (" + MAX + ")");
        }
        PullPoint p = new PullPoint(ids.incrementAndGet(), termination(requested), filter);
        points.put(p.id, p);
        created.incrementAndGet();
        return p;
    }

    /** The live subscription, or a fault naming it unknown (expired, unsubscribed, or the device restarted). */
    PullPoint get(String query) {
        Long id = null;
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("id=")) {
                    try {
                        id = Long.parseLong(part.substring(3));
                    } catch (NumberFormatException e) {
                        id = null;
                    }
                }
            }
        }
        PullPoint p = id == null ? null : points.get(id);
        if (p == null || p.termination.isBefore(deviceClock.instant())) {
            if (p != null) {
                points.remove(p.id);
            }
            throw SimFaults.invalidArg("unknown subscription");
        }
        return p;
    }

    void renew(PullPoint p, String requested) {
        p.termination = termination(requested);
        renewed.incrementAndGet();
    }

    long renewedTotal() {
        return renewed.get();
    }

    void remove(PullPoint p) {
        points.remove(p.id);
    }

    /** Forgets every subscription, as a rebooting camera does. */
    void dropAll() {
        points.clear();
    }

    int live() {
        prune();
        return points.size();
    }

    long createdTotal() {
        return created.get();
    }

    private void prune() {
        Instant now = deviceClock.instant();
        points.values().removeIf(p -> p.termination.isBefore(now));
    }

    private Instant termination(String requested) {
        Instant now = deviceClock.instant();
        Duration d = DEFAULT;
        if (requested != null && !requested.isBlank()) {
            String r = requested.trim();
            try {
                if (r.startsWith("P") || r.startsWith("-P")) {
                    d = Duration.ofMillis(DatatypeFactory.newInstance().newDuration(r).getTimeInMillis(new java.util.Date(0)));
                } else {
                    d = Duration.between(now, Instant.parse(r));
                }
            } catch (IllegalArgumentException | DateTimeParseException | DatatypeConfigurationException e) {
                throw SimFaults.invalidArg("invalid termination time");
            }
        }
        if (d.compareTo(MIN) < 0) {
            d = MIN;
        } else if (d.compareTo(LONGEST) > 0) {
            d = LONGEST;
        }
        return now.plus(d);
    }
}
