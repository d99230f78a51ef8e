package org.camgate.audit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        int[] g = ipv6(host);
        if (g == null) {
            return host;
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
        }
        return Integer.toHexString(g[0]) + ":" + Integer.toHexString(g[1]) + ":" + Integer.toHexString(g[2]) + ":"
                + Integer.toHexString(g[3]) + "::/64";
    }

    /** The eight 16-bit groups of an IPv6 literal (zone id ignored), or null when it is not one. */
    static int[] ipv6(String text) {
        int zone = text.indexOf('%');
        String s = zone >= 0 ? text.substring(0, zone) : text;
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap >= 0 ? s.substring(0, gap) : s, gap < 0);
        List<Integer> tail = gap >= 0 ? groups(s.substring(gap + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int n = head.size() + tail.size();
        if (gap >= 0 ? n > 7 : n != 8) {
            return null;
        }
        int[] out = new int[8];
        for (int i = 0; i < head.size(); i++) {
            out[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            out[8 - tail.size() + i] = tail.get(i);
        }
        return out;
    }

    private static List<Integer> groups(String part, boolean mayEndInIpv4) {
        List<Integer> out = new ArrayList<>();
        if (part.isEmpty()) {
            return out;
        }
        String[] pieces = part.split(":", -1);
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (mayEndInIpv4 && i == pieces.length - 1 && p.indexOf('.') >= 0) {
                int[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                out.add(v4[0] << 8 | v4[1]);
                out.add(v4[2] << 8 | v4[3]);
            } else if (p.length() >= 1 && p.length() <= 4 && p.chars().allMatch(RefusalSummary::isHexDigit)) {
                out.add(Integer.parseInt(p, 16));
            } else {
                return null;
            }
        }
        return out;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            out[i] = Integer.parseInt(p);
            if (out[i] > 255) {
                return null;
            }
        }
        return out;
    }
}
