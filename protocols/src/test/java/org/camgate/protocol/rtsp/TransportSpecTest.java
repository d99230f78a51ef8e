package org.camgate.protocol.rtsp;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TransportSpecTest {

    @Test
    void parsesTcpInterleaved() {
        assertThat(TransportSpec.parse("RTP/AVP/TCP;unicast;interleaved=2-3"))
                .contains(new TransportSpec(true, 2, 3, 0, 0, null));
        assertThat(TransportSpec.parse("RTP/AVP/TCP;unicast")).contains(new TransportSpec(true, -1, -1, 0, 0, null));
        assertThat(TransportSpec.parse("RTP/AVP/TCP;unicast;interleaved=4")).contains(new TransportSpec(true, 4, 5, 0, 0, null));
    }

    @Test
    void parsesUdpWithDestinationAndFallsBackThroughTheList() {
        assertThat(TransportSpec.parse("RTP/AVP;unicast;client_port=5000-5001"))
                .contains(new TransportSpec(false, 0, 0, 5000, 5001, null));
        assertThat(TransportSpec.parse("RTP/AVP;multicast,RTP/AVP/UDP;unicast;client_port=6000-6001;destination=10.0.0.1"))
                .contains(new TransportSpec(false, 0, 0, 6000, 6001, "10.0.0.1"));
    }

    @Test
    void refusesWhatCannotBeServed() {
        assertThat(TransportSpec.parse("RTP/AVP;unicast")).isEmpty();
        assertThat(TransportSpec.parse("RTP/SAVP;unicast;client_port=1-2")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;multicast;client_port=1-2")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP/TCP;unicast;mode=record")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP/TCP;interleaved=999-1000")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;client_port=x-y")).isEmpty();
        assertThat(TransportSpec.parse("RTP/AVP;client_port=1-2-3")).isEmpty();
        assertThat(TransportSpec.parse("garbage;;==")).isEmpty();
        assertThat(TransportSpec.parse(null)).isEqualTo(Optional.empty());
        assertThat(TransportSpec.parse(" ")).isEmpty();
    }
}
