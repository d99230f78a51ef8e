package org.camgate.rtsp;

import io.netty.buffer.Unpooled;
import org.camgate.protocol.rtp.KeyframeDetector;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Authentication, permissions, session ownership and the audit log, with a raw RTSP client. */
@ExtendWith(NettyLeakCheck.class)
class RtspAccessIT {
    @TempDir
    static Path dir;
    static GatewayFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1").withAudio(true)),
                GatewayFixture.yaml("""
                          - id: entrance
                            purpose: Prevent theft at the main entrance
                            source: ${CAMERA}/cam1
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam1
                            audio: keep
                          - id: vault
                            purpose: Protect the vault
                            source: ${CAMERA}/cam1
                            access: { allow: [192.0.2.0/24] }
                        """, ""));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    RtspTestClient client(String user, String password) throws Exception {
        return new RtspTestClient(fixture.rtsp(), user, password);
    }

    @Test
    void withoutCredentialsAnswers401WithSha256AndMd5DigestChallenges() throws Exception {
        try (RtspTestClient c = client(null, null)) {
            RtspTestClient.Response r = c.request("DESCRIBE", fixture.url("entrance"));
            assertThat(r.status()).isEqualTo(401);
            List<String> challenges = List.of(r.header("WWW-Authenticate").split("\n"));
            assertThat(challenges).hasSize(2);
            assertThat(challenges.get(0)).startsWith("Digest ").contains("algorithm=SHA-256").contains("qop=\"auth\"");
            assertThat(challenges.get(1)).startsWith("Digest ").contains("algorithm=MD5");
            assertThat(r.header("WWW-Authenticate")).doesNotContain("Basic");
        }
    }

    @Test
    void wrongPasswordIs401AndAudited() throws Exception {
        try (RtspTestClient c = client("nvr", "wrong")) {
            assertThat(c.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(401);
        }
        await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(line -> assertThat(line)
                .contains("\"event\":\"auth-failure\"").contains("\"user\":\"nvr\"").contains("wrong password")));
        assertThat(String.join("\n", fixture.audit())).doesNotContain("wrong\"").doesNotContain("secret");
    }

    @Test
    void unknownCameraIs404AfterAuthentication() throws Exception {
        try (RtspTestClient c = client("nvr", "secret")) {
            assertThat(c.request("DESCRIBE", fixture.url("nowhere")).status()).isEqualTo(404);
        }
        try (RtspTestClient c = client(null, null)) {
            assertThat(c.request("DESCRIBE", fixture.url("nowhere")).status()).isEqualTo(401);
        }
    }

    @Test
    void cameraNotPermittedForUserIs403AndAudited() throws Exception {
        try (RtspTestClient c = client("guest", "guest")) {
            assertThat(c.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(403);
            assertThat(c.request("DESCRIBE", fixture.url("lobby")).status()).isEqualTo(200);
        }
        await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(line -> assertThat(line)
                .contains("\"event\":\"denied\"").contains("\"user\":\"guest\"").contains("\"camera\":\"entrance\"")));
    }

    @Test
    void cameraWithItsOwnNetworkListRefusesOtherAddresses() throws Exception {
        try (RtspTestClient c = client("nvr", "secret")) {
            assertThat(c.request("DESCRIBE", fixture.url("vault")).status()).isEqualTo(403);
        }
        await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(line -> assertThat(line)
                .contains("\"event\":\"denied\"").contains("\"camera\":\"vault\"")));
    }

    @Test
    void readerSdpHidesTheCameraAndStripsAudioUnlessKept() throws Exception {
        try (RtspTestClient c = client("nvr", "secret")) {
            RtspTestClient.Response stripped = c.request("DESCRIBE", fixture.url("entrance"));
            assertThat(stripped.status()).isEqualTo(200);
            assertThat(stripped.header("Content-Type")).isEqualTo("application/sdp");
            assertThat(stripped.body()).contains("m=video").doesNotContain("m=audio")
                    .doesNotContain(String.valueOf(fixture.cameras.port())).doesNotContain("rtsp://")
                    .contains("a=control:trackID=0");
            RtspTestClient.Response kept = c.request("DESCRIBE", fixture.url("lobby"));
            assertThat(kept.body()).contains("m=video").contains("m=audio").contains("a=control:trackID=1")
                    .doesNotContain(String.valueOf(fixture.cameras.port()));
        }
    }

    @Test
    void sessionIsAuditedFromPlayToTeardownWithBytes() throws Exception {
        try (RtspTestClient c = client("nvr", "secret")) {
            assertThat(c.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(200);
            RtspTestClient.Response setup = c.request("SETUP", fixture.url("entrance") + "/trackID=0",
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).isEqualTo(200);
            assertThat(setup.header("Transport")).contains("interleaved=0-1");
            String session = setup.session();
            Thread.sleep(1500); // the session holds the camera; a GOP is cached: the reader joins mid-stream
            RtspTestClient.Response play = c.request("PLAY", fixture.url("entrance"), "Session", session);
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.header("RTP-Info")).contains("trackID=0;seq=");
            // Mid-stream, the reader starts at once with the cached group of pictures: a keyframe.
            byte[] first = c.readFramePayload();
            assertThat(KeyframeDetector.isKeyframeStart("H264", Unpooled.wrappedBuffer(first))).isTrue();
            int seq = ((first[2] & 0xff) << 8) | (first[3] & 0xff);
            assertThat(play.header("RTP-Info")).contains(";seq=" + seq + ";");
            assertThat(c.readFrames(50)).containsKey(0);
            assertThat(c.request("TEARDOWN", fixture.url("entrance"), "Session", session).status()).isEqualTo(200);
        }
        await().untilAsserted(() -> {
            assertThat(fixture.audit()).anySatisfy(line -> assertThat(line).contains("\"event\":\"session-start\"")
                    .contains("\"transport\":\"tcp\""));
            assertThat(fixture.audit()).anySatisfy(line -> assertThat(line).contains("\"event\":\"session-end\"")
                    .contains("\"reason\":\"teardown\"").containsPattern("\"bytes\":[1-9]"));
        });
    }

    @Test
    void sessionOfAnotherConnectionIsRefused() throws Exception {
        try (RtspTestClient owner = client("nvr", "secret"); RtspTestClient thief = client("nvr", "secret")) {
            String session = owner.request("SETUP", fixture.url("entrance") + "/trackID=0",
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1").session();
            assertThat(thief.request("PLAY", fixture.url("entrance"), "Session", session).status()).isEqualTo(454);
            assertThat(thief.request("TEARDOWN", fixture.url("entrance"), "Session", session).status()).isEqualTo(454);
            assertThat(owner.request("PLAY", fixture.url("entrance"), "Session", session).status()).isEqualTo(200);
        }
    }

    @Test
    void malformedSetupsGetCleanErrors() throws Exception {
        try (RtspTestClient c = client("nvr", "secret")) {
            assertThat(c.request("PLAY", fixture.url("entrance")).status()).isEqualTo(454);
            assertThat(c.request("SETUP", fixture.url("entrance") + "/trackID=0").status()).isEqualTo(461);
            assertThat(c.request("SETUP", fixture.url("entrance") + "/trackID=0", "Transport", "garbage;;==")
                    .status()).isEqualTo(461);
            assertThat(c.request("SETUP", fixture.url("entrance") + "/trackID=7",
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1").status()).isEqualTo(404);
            String session = c.request("SETUP", fixture.url("entrance") + "/trackID=0",
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1").session();
            assertThat(c.request("SETUP", fixture.url("entrance") + "/trackID=0", "Session", session,
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=2-3").status()).isEqualTo(455);
            assertThat(c.request("PLAY", fixture.url("entrance"), "Session", session).status()).isEqualTo(200);
        }
    }

    @Test
    void udpToAnotherDestinationIsRefusedAndAudited() throws Exception {
        try (RtspTestClient c = client("nvr", "secret")) {
            assertThat(c.request("SETUP", fixture.url("entrance") + "/trackID=0",
                    "Transport", "RTP/AVP;unicast;destination=192.0.2.1;client_port=5000-5001").status()).isEqualTo(403);
            RtspTestClient.Response own = c.request("SETUP", fixture.url("entrance") + "/trackID=0",
                    "Transport", "RTP/AVP;unicast;client_port=5000-5001");
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.header("Transport")).contains("server_port=");
        }
        await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(line -> assertThat(line)
                .contains("\"event\":\"denied\"").contains("UDP destination")));
    }

    @Test
    void repeatedFailuresAreSlowedDownAndAudited() throws Exception {
        // From an address of its own: the lockout that follows must not touch the other tests' address.
        try (RtspTestClient c = new RtspTestClient("127.0.0.19", fixture.rtsp(), "mallory", "guess")) {
            for (int i = 0; i < 6; i++) {
                c.request("DESCRIBE", fixture.url("entrance"));
            }
            long start = System.nanoTime();
            assertThat(c.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(401);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
        }
        await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(line -> assertThat(line)
                .contains("\"event\":\"rate-limited\"")));
    }
}
