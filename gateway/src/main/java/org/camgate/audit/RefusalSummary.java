package org.camgate.audit;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camgate.access.AddressKey;

/**
 * Keeps one address's refusals from flooding the log: of the {@link AuditEvent#AUTH_FAILURE},
 * {@link AuditEvent#DENIED} and {@link AuditEvent#RATE_LIMITED} events of one address (IPv4
 * address, or IPv6 /64; the port does not count) within a window, the first {@code limit} are
 * written and the rest are only counted; when the window ends, one {@link AuditEvent#SUPPRESSED}
 * event carries the counts per event type and the times of the first and last counted event. All
 * other events pass untouched.
 *
 * <p>A window starts at an address's first refusal after the previous window ended, by the log's
 * clock. At most {@code maxAddresses} windows are kept; refusals from further addresses share one
 * window and one summary, with remote {@code "*"}. Thread-safe: callers are quick (a map lookup
 * under a lock), and the writer takes the summaries of ended windows with {@link #expire}.
 */
final class RefusalSummary {

    static final Set<String> EVENTS = Set.of(AuditEvent.AUTH_FAILURE, AuditEvent.DENIED, AuditEvent.RATE_LIMITED);
    /** The remote of the shared window of addresses beyond {@code maxAddresses}. */
    static final String OTHER_ADDRESSES = "*";

    private final int limit;
    private final Duration window;
    private final int maxAddresses;
    /** In the order the windows started, which is the order they end unless the clock went back. */
    private final Map<String, Window> windows = new LinkedHashMap<>();
    private Window others;

    RefusalSummary(int limit, Duration window, int maxAddresses) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        if (requireNonNull(window, "window").isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        if (maxAddresses <= 0) {
            throw new IllegalArgumentException("maxAddresses: " + maxAddresses + " (expected: > 0)");
        }
        this.limit = limit;
        this.window = window;
        this.maxAddresses = maxAddresses;
    }

    /** True when the event is to be written; false when it was counted for a summary instead. */
    synchronized boolean admit(AuditEvent event, Instant now) {
        if (!EVENTS.contains(event.event())) {
            return true;
        }
        String address = addressKey(event.remote());
        Window w = windows.get(address);
        if (w == null) {
            if (windows.size() < maxAddresses) {
                w = new Window(address, now.plus(window));
                windows.put(address, w);
            } else {
                if (others == null) {
                    others = new Window(OTHER_ADDRESSES, now.plus(window));
                }
                w = others;
            }
        }
        if (w.written < limit) {
            w.written++;
            return true;
        }
        w.count(event);
        return false;
    }

    /**
     * Ends the windows due by {@code now} (or, after the clock went back, starting after it) and
     * returns the summaries of those that counted something.
     */
    synchronized List<AuditEvent> expire(Instant now) {
        List<AuditEvent> out = new ArrayList<>();
        Instant latestEnd = now.plus(window);
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (w.end.isAfter(now) && !w.end.isAfter(latestEnd)) {
                break;
            }
            it.remove();
            w.summarise(now, out);
        }
        if (others != null && (!others.end.isAfter(now) || others.end.isAfter(latestEnd))) {
            others.summarise(now, out);
            others = null;
        }
        return out;
    }

    /** Ends every window, e.g. at close, returning the summaries of those that counted something. */
    synchronized List<AuditEvent> expireAll(Instant now) {
        List<AuditEvent> out = new ArrayList<>();
        for (Window w : windows.values()) {
            w.summarise(now, out);
        }
        windows.clear();
        if (others != null) {
            others.summarise(now, out);
            others = null;
        }
        return out;
    }

    /** Addresses with an open window (not counting the shared one). */
    synchronized int tracked() {
        return windows.size();
    }

    private static final class Window {
        final String remote;
        final Instant end;
        int written;
        final Map<String, Long> counts = new LinkedHashMap<>(4);
        Instant first;
        Instant last;

        Window(String remote, Instant end) {
            this.remote = remote;
            this.end = end;
        }

        void count(AuditEvent e) {
            counts.merge(e.event(), 1L, Long::sum);
            if (first == null || e.time().isBefore(first)) {
                first = e.time();
            }
            if (last == null || e.time().isAfter(last)) {
                last = e.time();
            }
        }

        void summarise(Instant now, List<AuditEvent> out) {
            if (!counts.isEmpty()) {
                out.add(AuditEvent.builder(AuditEvent.SUPPRESSED, now).remote(remote)
                        .detail("counts", counts).detail("first", first).detail("last", last).build());
            }
        }
    }

    /**
     * What refusals are counted by: the IP address without the port; an IPv6 address by its /64
     * ({@code 2001:db8:1:2::/64}; an IPv4-mapped one as IPv4); anything else that is not an IP
     * address as it is, without a {@code :port}. Never looks a name up.
     */
    static String addressKey(String remote) {
        String host = remote;
        if (remote.startsWith("[")) {
            int end = remote.indexOf(']');
            if (end > 0) {
                host = remote.substring(1, end);
            }
        } else {
            int colon = remote.indexOf(':');
            if (colon >= 0 && colon == remote.lastIndexOf(':')) {
                host = remote.substring(0, colon);
            }
        }
        if (host.indexOf(':') < 0) {
            return host;
        }
        int zone = host.indexOf('%');
        InetAddress address;
        try {
            // Brackets make InetAddress read an IPv6 literal and never look a name up.
            address = InetAddress.getByName("[" + (zone >= 0 ? host.substring(0, zone) : host) + "]");
        } catch (UnknownHostException e) {
            return host;
        }
        if (address instanceof Inet4Address) { // an IPv4-mapped IPv6 address
            return address.getHostAddress();
        }
        byte[] b = AddressKey.of(address).getAddress();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return key.append(":/64").toString();
    }
}
