package org.camgate.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {
    @ParameterizedTest
    @CsvSource({
            "127.0.0.1:8554, 127.0.0.1, 8554",
            "[::1]:8554, ::1, 8554",
            "localhost:0, localhost, 0",
            "0.0.0.0:65535, 0.0.0.0, 65535",
            "camera-1.example.com:554, camera-1.example.com, 554",
            "[2001:db8::1]:80, 2001:db8::1, 80",
    })
    void parsesAndRoundTrips(String text, String host, int port) {
        HostPort hp = HostPort.parse(text);
        assertThat(hp.host()).isEqualTo(host);
        assertThat(hp.port()).isEqualTo(port);
        assertThat(hp).hasToString(text);
        assertThat(HostPort.parse(hp.toString())).isEqualTo(hp);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1 | invalid address \"127.0.0.1\": no port (expected host:port, e.g. 127.0.0.1:8554, [::1]:8554 or localhost:8554)",
            ":8554 | invalid address \":8554\": no host (expected host:port, e.g. 127.0.0.1:8554, [::1]:8554 or localhost:8554)",
            "127.0.0.1:65536 | invalid address \"127.0.0.1:65536\": port 65536 out of range (expected: 0-65535)",
            "127.0.0.1:-1 | invalid address \"127.0.0.1:-1\": port \"-1\" is not a number (expected: 0-65535)",
            "127.0.0.1:http | invalid address \"127.0.0.1:http\": port \"http\" is not a number (expected: 0-65535)",
            "::1:8554 | invalid address \"::1:8554\": write an IPv6 address in brackets, e.g. [::1]:8554",
            "[::1:8554 | invalid address \"[::1:8554\" (expected host:port, e.g. 127.0.0.1:8554, [::1]:8554 or localhost:8554)",
            "[localhost]:80 | invalid address \"[localhost]:80\": brackets are only for IPv6 addresses",
            "bad_host:80 | invalid address \"bad_host:80\": \"bad_host\" is not a valid host name or IP address",
            "300.1.1.1:80 | invalid address \"300.1.1.1:80\": \"300.1.1.1\" is not an IPv4 address (expected four numbers 0-255)",
    })
    void rejects(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void socketAddressOfLiteralIsResolvedWithoutDns() {
        InetSocketAddress a = HostPort.parse("[::1]:0").toSocketAddress();
        assertThat(a.isUnresolved()).isFalse();
        assertThat(a.getAddress().isLoopbackAddress()).isTrue();
        assertThat(HostPort.parse("127.0.0.1:8554").toSocketAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8554));
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 8554, 127.0.0.1:8554",
            "::1, 8554, [0:0:0:0:0:0:0:1]:8554",
            "2001:db8::1, 0, [2001:db8:0:0:0:0:0:1]:0",
    })
    void formatsResolvedSocketAddressesWithTheirIp(String host, int port, String text) {
        assertThat(HostPort.format(new InetSocketAddress(host, port))).isEqualTo(text);
    }

    @Test
    void formatsUnresolvedSocketAddressesWithTheirName() {
        assertThat(HostPort.format(InetSocketAddress.createUnresolved("camera.example", 554))).isEqualTo("camera.example:554");
        assertThat(HostPort.format(InetSocketAddress.createUnresolved("::1", 554))).isEqualTo("[::1]:554");
    }

    @Test
    void formatsHostAndPort() {
        assertThat(HostPort.format("127.0.0.2", 9101)).isEqualTo("127.0.0.2:9101");
        assertThat(HostPort.format("fe80::1", 80)).isEqualTo("[fe80::1]:80");
        assertThat(HostPort.format("localhost", 1883)).isEqualTo("localhost:1883");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.2.3:80 | invalid address \"1.2.3:80\": \"1.2.3\" is not an IPv4 address (expected four numbers 0-255)",
            "01.2.3.4:80 | invalid address \"01.2.3.4:80\": \"01.2.3.4\" is not an IPv4 address (expected four numbers 0-255)",
            "[::g]:80 | invalid address \"[::g]:80\": \"::g\" is not an IPv6 address (expected e.g. ::1)",
    })
    void rejectsMalformedIpLiteralsWithoutDns(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
