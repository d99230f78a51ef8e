package org.camgate.access;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** The unit counted per client: an IPv4 address as is, an IPv6 address by its /64 (one host usually owns all of it). */
public final class AddressKey {
    private AddressKey() {
    }

    public static InetAddress of(InetAddress address) {
        requireNonNull(address, "address");
        if (address instanceof Inet6Address) {
            byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }
}
