package org.camgate.access;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import org.camgate.common.net.IpLiterals;

/**
 * An IPv4 or IPv6 network in CIDR notation: {@code 10.0.0.0/8}, {@code ::1/128}; a bare address is a
 * single host ({@code 192.0.2.7} = {@code 192.0.2.7/32}). Host bits are cleared, so {@code 10.1.2.3/8}
 * is {@code 10.0.0.0/8}. Parsing never touches DNS.
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7}, as a dual-stack socket may report an IPv4
 * peer) is matched as the IPv4 address it carries. An IPv4 address is matched by an IPv6 network only
 * inside the IPv4-mapped range ({@code ::ffff:0:0/96} contains every IPv4 address; {@code ::/0} none).
 */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address[/prefix]}; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid CIDR \"\" (expected e.g. 10.0.0.0/8 or ::1/128)");
        }
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        byte[] address = s.indexOf(':') >= 0 ? parseIpv6(addressText, text) : parseIpv4(addressText, text);
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("invalid CIDR \"" + text + "\": prefix length \"" + p
                        + "\" is not a number (expected: 0-" + max + ")");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("invalid CIDR \"" + text + "\": prefix length " + prefix
                        + " is too long (expected: 0-" + max + ")");
            }
        }
        return new Cidr(mask(address, prefix), prefix);
    }

    /** Whether {@code address} lies in this network (see the class comment for IPv4-mapped addresses). */
    public boolean contains(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] a = address.getAddress();
        if (IpLiterals.isMapped(a) && network.length == 4) {
            a = Arrays.copyOfRange(a, 12, 16);
        } else if (a.length == 4 && network.length == 16) {
            if (prefixLength < 96 || !IpLiterals.isMapped(network)) {
                return false;
            }
            a = IpLiterals.mapped(a);
        }
        if (a.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(a, prefixLength), network);
    }

    /** The network address (host bits cleared). */
    public InetAddress network() {
        try {
            return InetAddress.getByAddress(network.clone());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public int prefixLength() {
        return prefixLength;
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32}: parses back to an equal Cidr. */
    @Override
    public String toString() {
        return (network.length == 4 ? formatIpv4(network, 0) : formatIpv6(network)) + "/" + prefixLength;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff00 >> bits));
        }
        return out;
    }


    /** A strict dotted quad ({@link IpLiterals#ipv4}). */
    private static byte[] parseIpv4(String s, String original) {
        byte[] a = IpLiterals.ipv4(s);
        if (a == null) {
            throw new IllegalArgumentException("invalid CIDR \"" + original
                    + "\": \"" + s + "\" is not an IPv4 address (expected four numbers 0-255, e.g. 10.0.0.0/8)");
        }
        return a;
    }

    /** An IPv6 literal, 16 bytes ({@link IpLiterals#ipv6}). */
    private static byte[] parseIpv6(String s, String original) {
        byte[] a = IpLiterals.ipv6(s);
        if (a == null) {
            throw new IllegalArgumentException("invalid CIDR \"" + original
                    + "\": \"" + s + "\" is not an IPv6 address (expected e.g. ::1/128 or 2001:db8::/32)");
        }
        return a;
    }

    static String formatIpv4(byte[] a, int offset) {
        return (a[offset] & 0xff) + "." + (a[offset + 1] & 0xff) + "." + (a[offset + 2] & 0xff) + "." + (a[offset + 3] & 0xff);
    }

    /** RFC 5952 text: lower case, the longest run of two or more zero groups as {@code ::}. */
    static String formatIpv6(byte[] a) {
        if (IpLiterals.isMapped(a)) {
            return "::ffff:" + formatIpv4(a, 12);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** For messages: {@code Inet6Address} text in RFC 5952 form, IPv4 as dotted quad. */
    public static String format(InetAddress address) {
        byte[] a = address.getAddress();
        return address instanceof Inet6Address ? formatIpv6(a) : formatIpv4(a, 0);
    }
}
