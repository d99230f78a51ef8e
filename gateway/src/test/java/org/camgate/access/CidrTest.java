package org.camgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.0.0.0/8",
            "192.0.2.7, 192.0.2.7/32",
            "10.1.2.3/8, 10.0.0.0/8",
            "0.0.0.0/0, 0.0.0.0/0",
            "::1/128, ::1/128",
            "::1, ::1/128",
            "::/0, ::/0",
            "2001:DB8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
            "2001:db8::/32, 2001:db8::/32",
            "2001:db8:1:2:3:4:5:6/48, 2001:db8:1::/48",
            "fe80:0:0:1:0:0:0:0/64, fe80:0:0:1::/64",
            "::ffff:10.0.0.0/104, ::ffff:10.0.0.0/104",
    })
    void parsesAndNormalises(String text, String expected) {
        Cidr cidr = Cidr.parse(text);
        assertThat(cidr).hasToString(expected);
        assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33 | invalid CIDR \"10.0.0.0/33\": prefix length 33 is too long (expected: 0-32)",
            "::/129 | invalid CIDR \"::/129\": prefix length 129 is too long (expected: 0-128)",
            "10.0.0.0/ | invalid CIDR \"10.0.0.0/\": prefix length \"\" is not a number (expected: 0-32)",
            "10.0.0.0/x | invalid CIDR \"10.0.0.0/x\": prefix length \"x\" is not a number (expected: 0-32)",
            "10.0.0/8 | invalid CIDR \"10.0.0/8\": \"10.0.0\" is not an IPv4 address (expected four numbers 0-255, e.g. 10.0.0.0/8)",
            "256.0.0.0/8 | invalid CIDR \"256.0.0.0/8\": \"256.0.0.0\" is not an IPv4 address (expected four numbers 0-255, e.g. 10.0.0.0/8)",
            "010.0.0.0/8 | invalid CIDR \"010.0.0.0/8\": \"010.0.0.0\" is not an IPv4 address (expected four numbers 0-255, e.g. 10.0.0.0/8)",
            "example.com | invalid CIDR \"example.com\": \"example.com\" is not an IPv4 address (expected four numbers 0-255, e.g. 10.0.0.0/8)",
            "1:2:3:4:5:6:7:8:9 | invalid CIDR \"1:2:3:4:5:6:7:8:9\": \"1:2:3:4:5:6:7:8:9\" is not an IPv6 address (expected e.g. ::1/128 or 2001:db8::/32)",
            "fe80::1%eth0/64 | invalid CIDR \"fe80::1%eth0/64\": \"fe80::1%eth0\" is not an IPv6 address (expected e.g. ::1/128 or 2001:db8::/32)",
    })
    void rejectsWithClearMessage(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.0.2.7, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.8, false",
            "192.168.0.0/23, 192.168.1.255, true",
            "192.168.0.0/23, 192.168.2.0, false",
            "0.0.0.0/0, 203.0.113.9, true",
            "0.0.0.0/0, ::1, false",
            "127.0.0.0/8, ::ffff:127.0.0.1, true",
            "127.0.0.0/8, ::ffff:128.0.0.1, false",
            "::1/128, ::1, true",
            "::1/128, 127.0.0.1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::/0, 2001:db8::1, true",
            "::ffff:0:0/96, 198.51.100.1, true",
            "::ffff:198.51.100.0/120, 198.51.100.1, true",
            "::ffff:198.51.100.0/120, 198.51.101.1, false",
            "::/0, 198.51.100.1, false",
    })
    void contains(String cidr, String address, boolean expected) throws Exception {
        assertThat(Cidr.parse(cidr).contains(ip(address))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void mappedInet6AddressMatchesIpv4Network() throws Exception {
        // Java usually turns ::ffff:a.b.c.d into an Inet4Address; an Inet6Address built explicitly must match too.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        InetAddress a = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(a).isInstanceOf(java.net.Inet6Address.class);
        assertThat(Cidr.parse("10.0.0.0/8").contains(a)).isTrue();
        assertThat(Cidr.parse("11.0.0.0/8").contains(a)).isFalse();
    }
}
