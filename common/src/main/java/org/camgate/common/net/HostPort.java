package org.camgate.common.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A listen or connect address: {@code 127.0.0.1:8554}, {@code [::1]:8554}, {@code localhost:0}.
 * {@code host} holds an IPv6 literal without brackets; {@link #toString()} adds them back. Port 0 means
 * "any free port" (tests).
 */
public record HostPort(String host, int port) {
    private static final Pattern HOSTNAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final String EXPECTED = "expected host:port, e.g. 127.0.0.1:8554, [::1]:8554 or localhost:8554";

    public HostPort {
        Objects.requireNonNull(host, "host");
        checkHost(host);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range (expected: 0-65535)");
        }
    }

    /** Parses {@code host:port}; throws {@link IllegalArgumentException} naming what is wrong. */
    public static HostPort parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("invalid address \"" + text + "\" (" + EXPECTED + ")");
            }
            host = s.substring(1, close);
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("invalid address \"" + text + "\": brackets are only for IPv6 addresses");
            }
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("invalid address \"" + text + "\": no port (" + EXPECTED + ")");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("invalid address \"" + text
                        + "\": write an IPv6 address in brackets, e.g. [::1]:8554");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("invalid address \"" + text + "\": no host (" + EXPECTED + ")");
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid address \"" + text + "\": port \"" + port
                    + "\" is not a number (expected: 0-65535)");
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            throw new IllegalArgumentException("invalid address \"" + text + "\": port " + p + " out of range (expected: 0-65535)");
        }
        try {
            return new HostPort(host, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid address \"" + text + "\": " + e.getMessage());
        }
    }

    /** An unresolved-if-needed socket address; IP literals are never looked up in DNS. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    @Override
    public String toString() {
        return format(host, port);
    }

    /**
     * {@code host:port} of a socket address as URLs and log lines need it: the IP address when resolved (IPv6 in
     * brackets), else the host name as given.
     */
    public static String format(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return format(host, address.getPort());
    }

    /** {@code host:port} with an IPv6 literal host in brackets: {@code 127.0.0.1:8554}, {@code [::1]:8554}. */
    public static String format(String host, int port) {
        Objects.requireNonNull(host, "host");
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static void checkHost(String host) {
        if (host.indexOf(':') >= 0) {
            if (IpLiterals.ipv6(host) == null) {
                throw new IllegalArgumentException("\"" + host + "\" is not an IPv6 address (expected e.g. ::1)");
            }
            return;
        }
        if (host.matches("[0-9.]+")) { // all digits and dots: must be a proper IPv4 address
            if (IpLiterals.ipv4(host) == null) {
                throw new IllegalArgumentException("\"" + host + "\" is not an IPv4 address (expected four numbers 0-255)");
            }
            return;
        }
        if (!HOSTNAME.matcher(host).matches()) {
            throw new IllegalArgumentException("\"" + host + "\" is not a valid host name or IP address");
        }
    }

}
