package org.camgate.sim.sensor;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SensorSimulatorIT {

    @Test
    void sendsFramesWithLossAndGarbageToItsTarget() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(2000);
            SensorSimulator sim = new SensorSimulator(Scenarios.of(SensorKind.RADAR, "person-dwell"),
                    new Faults(0.3, 0.3, null, Duration.ZERO, 3), false);
            sim.start((InetSocketAddress) socket.getLocalSocketAddress());
            int json = 0;
            int other = 0;
            byte[] buf = new byte[65_536];
            try {
                while (json + other < 30) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    if (p.getLength() > 0 && buf[0] == '{') {
                        json++;
                    } else {
                        other++;
                    }
                }
            } finally {
                sim.stop();
            }
            assertThat(json).isPositive();
            assertThat(other).isPositive();
            assertThat(sim.lost()).isPositive();
            assertThat(sim.garbageSent()).isPositive();
        }
    }
}
