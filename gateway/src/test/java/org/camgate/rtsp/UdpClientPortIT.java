package org.camgate.rtsp;

import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader on another address (127.0.0.2) may not aim the gateway's UDP media at privileged ports,
 * port 0 or ports other than RTP and RTP + 1: such SETUPs get 461 Unsupported Transport, while a
 * well-formed UDP reader on the same address still plays.
 */
@ExtendWith(NettyLeakCheck.class)
class UdpClientPortIT {
    @TempDir
    Path dir;

    private static final String CAMERAS = """
              - id: entrance
                purpose: Prevent theft at the main entrance
                source: ${CAMERA}/cam1
              - id: lobby
                purpose: Safety in the lobby
                source: ${CAMERA}/cam1
            """;

    @Test
    void unacceptableClientPortsAre461AndALegitimateUdpReaderStillPlays() throws Exception {
        InetAddress reader = InetAddress.getByName("127.0.0.2");
        try (GatewayFixture fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1")),
                GatewayFixture.yaml(CAMERAS, ""));
             RtspTestClient c = new RtspTestClient(fixture.rtsp(), reader, "nvr", "secret");
             UdpPair udp = adjacentPorts(reader)) {
            String track = fixture.url("entrance") + "/trackID=0";
            assertThat(c.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(200);
            for (String ports : List.of("1-2", "40000-0", "40000-40005", "0-1", "65535-65536", "65535", "53-54")) {
                assertThat(c.request("SETUP", track, "Transport", "RTP/AVP;unicast;client_port=" + ports).status())
                        .as("client_port=" + ports).isEqualTo(461);
            }
            assertThat(c.request("SETUP", track, "Transport", "RTP/AVP/UDP;unicast;client_port=1-2;mode=play")
                    .status()).isEqualTo(461);

            int rtp = udp.rtp().getLocalPort();
            RtspTestClient.Response setup = c.request("SETUP", track,
                    "Transport", "RTP/AVP;unicast;client_port=" + rtp + "-" + (rtp + 1));
            assertThat(setup.status()).isEqualTo(200);
            assertThat(setup.header("Transport")).contains("client_port=" + rtp + "-" + (rtp + 1));
            assertThat(c.request("PLAY", fixture.url("entrance"), "Session", setup.session()).status()).isEqualTo(200);

            udp.rtp().setSoTimeout(10_000);
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            for (int i = 0; i < 20; i++) {
                udp.rtp().receive(packet);
                assertThat(packet.getLength()).isGreaterThan(12);
                assertThat(packet.getData()[0] & 0xc0).as("RTP version 2").isEqualTo(0x80);
            }
            assertThat(c.request("TEARDOWN", fixture.url("entrance"), "Session", setup.session()).status())
                    .isEqualTo(200);
        }
    }

    /** A reader's RTP and RTCP sockets, on an even port and the next one. */
    private record UdpPair(DatagramSocket rtp, DatagramSocket rtcp) implements AutoCloseable {
        @Override
        public void close() {
            rtp.close();
            rtcp.close();
        }
    }

    private static UdpPair adjacentPorts(InetAddress address) throws SocketException {
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(address, 0));
            int port = rtp.getLocalPort();
            if (port % 2 == 0 && port < 65534) {
                try {
                    return new UdpPair(rtp, new DatagramSocket(new InetSocketAddress(address, port + 1)));
                } catch (SocketException taken) {
                    // the next port is in use: try another pair
                }
            }
            rtp.close();
        }
        throw new SocketException("no two adjacent free UDP ports on " + address);
    }
}
