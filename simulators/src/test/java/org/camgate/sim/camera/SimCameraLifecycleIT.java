package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.rtsp.RtspMethods;
import org.camgate.protocol.rtsp.InterleavedFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimCameraLifecycleIT {
    static {
        LeakCounter.install();
    }

    private final SimCameraServer server = new SimCameraServer("127.0.0.1", 0,
            List.of(SimCameraConfig.of("cam1").withSize(320, 180).withGopFrames(25).withAudio(true)));

    @AfterEach
    void stop() {
        server.stop();
        assertThat(LeakCounter.leaks()).isEmpty();
    }

    @Test
    void playsInterleavedRtpWithRtpInfoAndSendsSenderReports() throws Exception {
        server.start();
        String url = server.url("cam1");
        try (RawRtspClient client = new RawRtspClient("127.0.0.1", server.port())) {
            FullHttpResponse describe = client.request(RtspMethods.DESCRIBE, url, "Accept", "application/sdp");
            String sdp = describe.content().toString(StandardCharsets.UTF_8);
            assertThat(describe.headers().get("Content-Base")).isEqualTo(url + "/");
            assertThat(sdp).contains("o=- ", "IN IP4 127.0.0.1", "a=tool:camgate-sim", "a=control:trackID=1",
                    "packetization-mode=1;profile-level-id=42C0", "sprop-parameter-sets=", "m=audio 0 RTP/AVP 0");
            describe.release();

            FullHttpResponse setup = client.request(RtspMethods.SETUP, url + "/trackID=1",
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status().code()).isEqualTo(200);
            assertThat(setup.headers().get("Transport")).startsWith("RTP/AVP/TCP;unicast;interleaved=0-1");
            String session = setup.headers().get("Session");
            assertThat(session).matches("[0-9A-F]+;timeout=60");
            setup.release();

            FullHttpResponse play = client.request(RtspMethods.PLAY, url + "/", "Session", session.split(";")[0]);
            assertThat(play.status().code()).isEqualTo(200);
            String rtpInfo = play.headers().get("RTP-Info");
            assertThat(rtpInfo).matches("url=" + url + "/trackID=1;seq=\\d+;rtptime=\\d+");
            int announcedSeq = Integer.parseInt(rtpInfo.replaceAll(".*seq=(\\d+);.*", "$1"));
            play.release();

            InterleavedFrame rtp = client.nextFrame(0, 2000);
            assertThat(rtp).isNotNull();
            ByteBuf packet = rtp.content();
            assertThat(packet.getUnsignedByte(0)).isEqualTo((short) 0x80);
            assertThat(packet.getUnsignedByte(1) & 0x7F).isEqualTo(96);
            assertThat(packet.getUnsignedShort(2)).isEqualTo(announcedSeq);
            rtp.release();

            InterleavedFrame rtcp = client.nextFrame(1, 3000);
            assertThat(rtcp).isNotNull();
            assertThat(rtcp.content().getUnsignedByte(1)).isEqualTo((short) 200);
            assertThat(rtcp.content().getUnsignedByte(29)).isEqualTo((short) 202);
            rtcp.release();

            FullHttpResponse keepAlive = client.request(RtspMethods.GET_PARAMETER, url + "/",
                    "Session", session.split(";")[0]);
            assertThat(keepAlive.status().code()).isEqualTo(200);
            keepAlive.release();

            FullHttpResponse wrongSession = client.request(RtspMethods.PLAY, url + "/", "Session", "nope");
            assertThat(wrongSession.status().code()).isEqualTo(454);
            wrongSession.release();

            FullHttpResponse teardown = client.request(RtspMethods.TEARDOWN, url + "/", "Session", session.split(";")[0]);
            assertThat(teardown.status().code()).isEqualTo(200);
            teardown.release();
        }
    }

    @Test
    void unsupportedTransportIsRefused() throws Exception {
        server.start();
        try (RawRtspClient client = new RawRtspClient("127.0.0.1", server.port())) {
            FullHttpResponse setup = client.request(RtspMethods.SETUP, server.url("cam1") + "/trackID=1",
                    "Transport", "RTP/AVP;multicast");
            assertThat(setup.status().code()).isEqualTo(461);
            setup.release();
        }
    }

    @Test
    void dropAllConnectionsClosesClientsAndRestartReusesThePort() throws Exception {
        server.start();
        int port = server.port();
        try (RawRtspClient client = new RawRtspClient("127.0.0.1", port)) {
            client.request(RtspMethods.OPTIONS, "*").release();
            assertThat(server.connectionCount()).isEqualTo(1);
            server.dropAllConnections();
            assertThat(client.awaitClosed(2000)).isTrue();
        }
        server.stop();
        assertThat(server.isRunning()).isFalse();
        server.start();
        assertThat(server.port()).isEqualTo(port);
        assertThat(SimCameraServerIT.grabVideo(server.url("cam1"), "tcp", 3)).containsOnly("320x180");
    }
}
