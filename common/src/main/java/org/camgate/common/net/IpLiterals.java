package org.camgate.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Strict IP address literals, never looked up in DNS: the one parser behind {@link HostPort} and the access policy's
 * CIDR lists, so an address a listener accepts is one an allow list can name. Each method returns null for text that
 * is not such a literal; the caller says what it expected.
 */
public final class IpLiterals {
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private IpLiterals() {
    }

    /** A strict dotted quad: four decimal parts 0-255, no leading zeros (which some parsers read as octal). */
    public static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            boolean digits = !p.isEmpty() && p.length() <= 3 && p.chars().allMatch(c -> c >= '0' && c <= '9');
            if (!digits || Integer.parseInt(p) > 255 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(p);
        }
        return out;
    }

    /** An IPv6 literal (also with an embedded IPv4 tail), without brackets: always 16 bytes. */
    public static byte[] ipv6(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            // Brackets make InetAddress treat the text as an IPv6 literal and never resolve it.
            byte[] b = InetAddress.getByName("[" + s + "]").getAddress();
            return b.length == 16 ? b : mapped(b); // Java turns ::ffff:a.b.c.d into an Inet4Address
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code ::ffff:a.b.c.d}, the IPv4-mapped IPv6 address of {@code ipv4}. */
    public static byte[] mapped(byte[] ipv4) {
        byte[] out = Arrays.copyOf(MAPPED_PREFIX, 16);
        System.arraycopy(ipv4, 0, out, 12, 4);
        return out;
    }

    /** Whether a 16-byte address is IPv4-mapped ({@code ::ffff:0:0/96}). */
    public static boolean isMapped(byte[] a) {
        return a.length == 16 && Arrays.equals(a, 0, 12, MAPPED_PREFIX, 0, 12);
    }
}
