package org.camgate.rtsp;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Hostile and broken readers, a restarting camera, and a slow reader beside a fast one. */
@ExtendWith(NettyLeakCheck.class)
class RtspRobustnessIT {
    @TempDir
    static Path dir;
    static GatewayFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1").withSize(1280, 720).withBitrateKbps(4000)),
                GatewayFixture.yaml("""
                          - id: entrance
                            purpose: Prevent theft at the main entrance
                            source: ${CAMERA}/cam1
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam1
                        """, "").replace("  reconnectMax: 1s\n", "  reconnectMax: 1s\n  requestTimeout: 1s\n"
                        + "  readerQueue: 256KB\n  sessionTimeout: 10s\n"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    RtspTestClient client() throws Exception {
        return new RtspTestClient(fixture.rtsp(), "nvr", "secret");
    }

    @Test
    void garbageAndBadRequestLinesGet400AndTheConnectionSurvives() throws Exception {
        try (RtspTestClient c = client()) {
            c.writeRaw("HELLO THERE\r\nCSeq: 7\r\n\r\n");
            RtspTestClient.Response bad = c.readResponse();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.header("CSeq")).isEqualTo("7");
            c.writeRaw("OPTIONS * HTTP/1.1\r\nCSeq: 8\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(505);
            assertThat(c.request("OPTIONS", fixture.url("entrance")).status()).isEqualTo(200);
        }
    }

    @Test
    void tooManyHeadersGet431AndTheConnectionSurvives() throws Exception {
        try (RtspTestClient c = client()) {
            StringBuilder request = new StringBuilder("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n");
            for (int i = 0; i < 300; i++) {
                request.append("X-").append(i).append(": a\r\n");
            }
            c.writeRaw(request.append("\r\n").toString());
            assertThat(c.readResponse().status()).isEqualTo(431);
            assertThat(c.request("OPTIONS", fixture.url("entrance")).status()).isEqualTo(200);
        }
    }

    @Test
    void endlessHeadersCloseOnlyThatConnection() throws Exception {
        try (RtspTestClient c = client()) {
            c.writeRaw("DESCRIBE rtsp://x/entrance RTSP/1.0\r\nCSeq: 1\r\nX-Long: " + "a".repeat(20_000));
            assertThat(c.readResponse().status()).isEqualTo(431);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RtspTestClient c = client()) {
            assertThat(c.request("OPTIONS", fixture.url("entrance")).status()).isEqualTo(200);
        }
    }

    @Test
    void oversizedInterleavedFrameClosesOnlyThatConnection() throws Exception {
        try (RtspTestClient c = client()) {
            c.writeRaw(new byte[] {'$', 0, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            assertThat(c.readResponse().status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void binaryGarbageIsSurvived() throws Exception {
        byte[] garbage = new byte[50_000];
        new java.util.Random(42).nextBytes(garbage);
        try (RtspTestClient c = client()) {
            c.writeRaw(garbage);
            c.closedByServer();
        } catch (java.io.IOException expected) {
            // the server may close while we are still writing
        }
        try (RtspTestClient c = client()) {
            assertThat(c.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(200);
        }
    }

    @Test
    void tricklingRequestIsClosedWithinSeconds() throws Exception {
        try (RtspTestClient c = client()) {
            long start = System.nanoTime();
            c.writeRaw("OPTIONS * RTSP/1.0\r\n");
            Thread.sleep(500);
            c.writeRaw("CSeq");
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(4.0);
        }
    }

    @Test
    void silentConnectionIsClosedWithinSeconds() throws Exception {
        try (RtspTestClient c = client()) {
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(4.0);
        }
    }

    @Test
    void slowReaderLosesWholeFramesWithoutDelayingAFastOne() throws Exception {
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(fixture.rtsp());
            try (RtspTestClient s = new RtspTestClient(fixture.rtsp(), "nvr", "secret")) {
                String session = s.request("SETUP", fixture.url("entrance") + "/trackID=0",
                        "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1").session();
                s.socket.setReceiveBufferSize(4096);
                assertThat(s.request("PLAY", fixture.url("entrance"), "Session", session).status()).isEqualTo(200);
                // The slow reader now reads nothing while a fast reader must decode in real time.
                try (FFmpegFrameGrabber fast = RtspProxyIT.grabber(fixture.url("nvr", "secret", "entrance"), "tcp")) {
                    fast.start();
                    long start = System.nanoTime();
                    assertThat(RtspProxyIT.decodeImages(fast, 100)).isEqualTo(100);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    assertThat(seconds).as("100 frames at 25 fps").isLessThan(6.5);
                }
                // It can still read on: the stream resumes at a keyframe, whole frames only.
                assertThat(s.readFrames(20)).containsKey(0);
            }
        }
        await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(line -> assertThat(line)
                .contains("\"event\":\"session-end\"").containsPattern("\"framesDropped\":[1-9]")));
    }

    @Test
    void readersSurviveACameraRestart() throws Exception {
        try (FFmpegFrameGrabber grabber = RtspProxyIT.grabber(fixture.url("nvr", "secret", "entrance"), "tcp")) {
            grabber.start();
            assertThat(RtspProxyIT.decodeImages(grabber, 10)).isEqualTo(10);
            fixture.cameras.stop();
            Thread.sleep(1500);
            fixture.cameras.start();
            assertThat(RtspProxyIT.decodeImages(grabber, 50)).isEqualTo(50);
        }
    }
}
