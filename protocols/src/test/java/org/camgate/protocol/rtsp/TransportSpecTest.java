package org.camgate.protocol.rtsp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TransportSpecTest {

    private static TransportSpec parse(String header) {
        return TransportSpec.parse(header).orElseThrow();
    }

    @Test
    void tcpInterleaved() {
        assertThat(parse("RTP/AVP/TCP;unicast;interleaved=0-1"))
                .isEqualTo(new TransportSpec(true, 0, 1, 0, 0, null));
        assertThat(parse("rtp/avp/tcp;interleaved=4-5;mode=play"))
                .isEqualTo(new TransportSpec(true, 4, 5, 0, 0, null));
    }

    @Test
    void tcpSingleChannelTakesTheNext() {
        assertThat(parse("RTP/AVP/TCP;interleaved=2")).isEqualTo(new TransportSpec(true, 2, 3, 0, 0, null));
    }

    @Test
    void tcpWithoutInterleavedLeavesChannelsToTheServer() {
        assertThat(parse("RTP/AVP/TCP;unicast")).isEqualTo(new TransportSpec(true, -1, -1, 0, 0, null));
    }

    @Test
    void udpClientPorts() {
        assertThat(parse("RTP/AVP;unicast;client_port=5000-5001"))
                .isEqualTo(new TransportSpec(false, 0, 0, 5000, 5001, null));
        assertThat(parse("RTP/AVP/UDP;unicast;client_port=6970-6971"))
                .isEqualTo(new TransportSpec(false, 0, 0, 6970, 6971, null));
        assertThat(parse("RTP/AVP;client_port=7000")).isEqualTo(new TransportSpec(false, 0, 0, 7000, 7001, null));
        assertThat(parse(" RTP/AVP ; unicast ; Client_Port=5000-5001 "))
                .isEqualTo(new TransportSpec(false, 0, 0, 5000, 5001, null));
    }

    @Test
    void udpNeedsUsableClientPorts() {
        assertThat(TransportSpec.parse("RTP/AVP;unicast")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;unicast;client_port=0-1")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;unicast;client_port=65536-65537")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;unicast;client_port=65535")).as("RTCP port 65536").isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;unicast;client_port=a-b")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;unicast;client_port=1-2-3")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;unicast;client_port=-5")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_port=1-2", "client_port=40000-0", "client_port=40000-40005", "client_port=0-1",
            "client_port=0", "client_port=65535-65536", "client_port=65534-65533", "client_port=40001-40000",
            "client_port=40000-40000", "client_port=53-54", "client_port=1023-1024", "client_port=1023"})
    void udpClientPortsMustBeUnprivilegedWithRtcpOnTheNextPort(String ports) {
        assertThat(TransportSpec.parse("RTP/AVP;unicast;" + ports)).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP/UDP;unicast;" + ports + ";mode=play")).isEmpty();
    }

    @Test
    void udpClientPortsAtTheEdgesOfTheAllowedRange() {
        assertThat(parse("RTP/AVP;unicast;client_port=1024-1025"))
                .isEqualTo(new TransportSpec(false, 0, 0, 1024, 1025, null));
        assertThat(parse("RTP/AVP;unicast;client_port=65534-65535"))
                .isEqualTo(new TransportSpec(false, 0, 0, 65534, 65535, null));
        assertThat(parse("RTP/AVP;unicast;client_port=65534"))
                .isEqualTo(new TransportSpec(false, 0, 0, 65534, 65535, null));
        assertThat(TransportSpec.acceptableClientPorts(1024, 1025)).isTrue();
        assertThat(TransportSpec.acceptableClientPorts(1023, 1024)).isFalse();
        assertThat(TransportSpec.acceptableClientPorts(40000, 40002)).isFalse();
        assertThat(TransportSpec.acceptableClientPorts(65535, 65536)).isFalse();
        assertThat(TransportSpec.acceptableClientPorts(0, 1)).isFalse();
    }

    @Test
    void unacceptableClientPortsFallThroughToTheNextSpecification() {
        assertThat(parse("RTP/AVP;unicast;client_port=1-2,RTP/AVP/TCP;unicast;interleaved=0-1"))
                .isEqualTo(new TransportSpec(true, 0, 1, 0, 0, null));
        assertThat(parse("RTP/AVP;unicast;client_port=40000-40005,RTP/AVP;unicast;client_port=40000-40001"))
                .isEqualTo(new TransportSpec(false, 0, 0, 40000, 40001, null));
    }

    @Test
    void clientPortsAreNotCheckedForTcp() {
        assertThat(parse("RTP/AVP/TCP;unicast;interleaved=0-1;client_port=1-2"))
                .isEqualTo(new TransportSpec(true, 0, 1, 0, 0, null));
    }

    @Test
    void badInterleavedChannelsAreRejected() {
        assertThat(TransportSpec.parse("RTP/AVP/TCP;interleaved=255")).as("RTCP channel 256").isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP/TCP;interleaved=300-301")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP/TCP;interleaved=x")).isEmpty();
        assertThat(parse("RTP/AVP/TCP;interleaved=254-255")).isEqualTo(new TransportSpec(true, 254, 255, 0, 0, null));
    }

    @Test
    void multicastIsRejected() {
        assertThat(TransportSpec.parse("RTP/AVP;multicast;port=5000-5001")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;MULTICAST;client_port=5000-5001")).isEmpty();
    }

    @Test
    void firstUsableSpecificationOfAListWins() {
        assertThat(parse("RTP/AVP;multicast,RTP/AVP/TCP;unicast;interleaved=0-1"))
                .isEqualTo(new TransportSpec(true, 0, 1, 0, 0, null));
        assertThat(parse("RTP/SAVP;unicast;client_port=5000-5001, RTP/AVP;unicast;client_port=5002-5003"))
                .isEqualTo(new TransportSpec(false, 0, 0, 5002, 5003, null));
        assertThat(parse("RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast;interleaved=0-1"))
                .as("the reader's preference order").isEqualTo(new TransportSpec(false, 0, 0, 5000, 5001, null));
    }

    @Test
    void destinationIsCaptured() {
        assertThat(parse("RTP/AVP;unicast;destination=198.51.100.7;client_port=5000-5001"))
                .isEqualTo(new TransportSpec(false, 0, 0, 5000, 5001, "198.51.100.7"));
        assertThat(parse("RTP/AVP/TCP;unicast;destination= 198.51.100.8 ;interleaved=0-1").destination())
                .isEqualTo("198.51.100.8");
    }

    @Test
    void recordModeIsRejected() {
        assertThat(TransportSpec.parse("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP/TCP;unicast;interleaved=0-1;mode=\"RECORD\"")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;unicast;client_port=5000-5001;mode=receive")).isEmpty();
        assertThat(parse("RTP/AVP/TCP;unicast;interleaved=0-1;mode=\"PLAY\"").tcp()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ";;;", "RTP/AVP;unicast;client_port=-",
            "RTP/AVP/TCP;interleaved=-"})
    void separatorsOnlyAreRejectedWithoutThrowing(String header) {
        assertThat(TransportSpec.parse(header)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", ",", ",,", "garbage", "RTP", "RTP/AVP/TCPX;interleaved=0-1", "RAW/RAW/UDP;client_port=5000",
            "MP2T/H2221/UDP;unicast;client_port=5000-5001", "\u0000\u0001\u0002"})
    void garbageIsRejected(String header) {
        assertThat(TransportSpec.parse(header)).isEmpty();
    }
}
