package org.camgate.rtsp;

import org.camgate.protocol.auth.DigestClient;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The RTSP door attacked as another host on the LAN would, from other loopback addresses (127.0.0.x): guessing,
 * replaying captured credentials, holding connections, and a recording server that legitimately pulls hundreds of
 * streams from one address on the default limits.
 */
@ExtendWith(NettyLeakCheck.class)
class RtspAttackIT {
    @TempDir
    static Path dir;
    static GatewayFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1")), GatewayFixture.yaml("""
                  - id: entrance
                    purpose: Prevent theft at the main entrance
                    source: ${CAMERA}/cam1
                  - id: lobby
                    purpose: Safety in the lobby
                    source: ${CAMERA}/cam1
                """, USERS));
    }

    /** One user per test, so that one test's lockouts do not touch another's logins. */
    private static final String USERS = """
              - {name: pipelined, password: right, cameras: ["*"]}
              - {name: replayed, password: right, cameras: ["*"]}
              - {name: recorder, password: right, cameras: ["*"]}
              - {name: limited, password: right, cameras: ["*"], maxSessions: 2}
            """;

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void guessingIsLockedOutSoEvenTheRightPasswordIsRefused() throws Exception {
        try (RtspTestClient nvr = new RtspTestClient("127.0.0.22", fixture.rtsp(), "nvr", "secret")) {
            assertThat(nvr.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(200);
        }
        try (RtspTestClient guesser = new RtspTestClient("127.0.0.21", fixture.rtsp(), "nvr", "wrong")) {
            for (int i = 0; i < 5; i++) {
                assertThat(guesser.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(401);
            }
        }
        try (RtspTestClient right = new RtspTestClient("127.0.0.21", fixture.rtsp(), "nvr", "secret")) {
            long start = System.nanoTime();
            assertThat(right.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(401);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
        }
        // The recording server at its own address, which logged in before, is not locked out by the user's failures.
        // Six failures for the user so far (five guesses and the refused right one); four more reach its limit of 10.
        for (int i = 0; i < 4; i++) {
            try (RtspTestClient other = new RtspTestClient("127.0.0." + (30 + i), fixture.rtsp(), "nvr", "wrong")) {
                other.request("DESCRIBE", fixture.url("entrance"));
            }
        }
        try (RtspTestClient nvr = new RtspTestClient("127.0.0.22", fixture.rtsp(), "nvr", "secret")) {
            assertThat(nvr.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(200);
        }
        // ... while a new address is refused even with the right password: the user is being guessed.
        try (RtspTestClient stranger = new RtspTestClient("127.0.0.45", fixture.rtsp(), "nvr", "secret")) {
            assertThat(stranger.request("DESCRIBE", fixture.url("entrance")).status()).isEqualTo(401);
        }
        await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(line -> assertThat(line)
                .contains("\"event\":\"auth-failure\"").contains("refused unchecked")));
    }

    @Test
    void pipelinedGuessesNeverReachTheRightPassword() throws Exception {
        try (RtspTestClient c = new RtspTestClient("127.0.0.23", fixture.rtsp(), null, null)) {
            RtspTestClient.Response challenge = c.request("DESCRIBE", fixture.url("entrance"));
            DigestClient wrong = new DigestClient("pipelined", "wrong");
            wrong.onUnauthorized(List.of(challenge.header("WWW-Authenticate").split("\n")));
            DigestClient right = new DigestClient("pipelined", "right");
            right.onUnauthorized(List.of(challenge.header("WWW-Authenticate").split("\n")));
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                burst.append(describe(i + 10, wrong.authorization("DESCRIBE", fixture.url("entrance"))));
            }
            burst.append(describe(999, right.authorization("DESCRIBE", fixture.url("entrance"))));
            c.writeRaw(burst.toString());
            List<Integer> statuses = new ArrayList<>();
            try {
                while (statuses.size() < 201) {
                    statuses.add(c.readResponse().status());
                }
            } catch (IOException closed) {
                // the server may close a connection that pipelines too much while its answers are held back
            }
            assertThat(statuses).doesNotContain(200);
            assertThat(statuses.size()).isLessThan(201);
        }
    }

    @Test
    void aCapturedDigestHeaderIsRefusedFromAnotherAddressAndWhenReplayed() throws Exception {
        String url = fixture.url("entrance");
        String captured;
        try (RtspTestClient victim = new RtspTestClient("127.0.0.24", fixture.rtsp(), null, null)) {
            RtspTestClient.Response challenge = victim.request("DESCRIBE", url);
            DigestClient digest = new DigestClient("replayed", "right");
            digest.onUnauthorized(List.of(challenge.header("WWW-Authenticate").split("\n")));
            captured = digest.authorization("DESCRIBE", url);
            victim.writeRaw(describe(2, captured));
            assertThat(victim.readResponse().status()).isEqualTo(200);
        }
        try (RtspTestClient attacker = new RtspTestClient("127.0.0.25", fixture.rtsp(), null, null)) {
            attacker.writeRaw(describe(1, captured));
            assertThat(attacker.readResponse().status()).isEqualTo(401);
        }
        try (RtspTestClient sameAddress = new RtspTestClient("127.0.0.24", fixture.rtsp(), null, null)) {
            sameAddress.writeRaw(describe(1, captured));
            RtspTestClient.Response replay = sameAddress.readResponse();
            assertThat(replay.status()).isEqualTo(401);
            assertThat(replay.header("WWW-Authenticate")).contains("stale=true");
        }
    }

    @Test
    void oneRecordingServerHoldsFiveHundredSessionsWhileIdleConnectionsPerAddressAreCapped() throws Exception {
        List<RtspTestClient> nvr = new ArrayList<>();
        List<RtspTestClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                RtspTestClient c = new RtspTestClient("127.0.0.26", fixture.rtsp(), "recorder", "right");
                nvr.add(c);
                RtspTestClient.Response setup = c.request("SETUP", fixture.url("entrance") + "/trackID=0",
                        "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
                assertThat(setup.status()).as("session %d", i).isEqualTo(200);
            }
            int held = 0;
            for (int i = 0; i < 25; i++) {
                RtspTestClient c = new RtspTestClient("127.0.0.27", fixture.rtsp(), null, null);
                idle.add(c);
            }
            for (RtspTestClient c : idle) {
                c.socket.setSoTimeout(100);
                if (!c.closedByServer()) {
                    held++;
                }
            }
            assertThat(held).isEqualTo(20);
        } finally {
            for (RtspTestClient c : nvr) {
                c.close();
            }
            for (RtspTestClient c : idle) {
                c.close();
            }
        }
    }

    @Test
    void aUserWithItsOwnSessionLimitGetsNoMore() throws Exception {
        List<RtspTestClient> clients = new ArrayList<>();
        try {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RtspTestClient c = new RtspTestClient("127.0.0.28", fixture.rtsp(), "limited", "right");
                clients.add(c);
                statuses.add(c.request("SETUP", fixture.url("entrance") + "/trackID=0",
                        "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1").status());
            }
            assertThat(statuses).containsExactly(200, 200, 503);
        } finally {
            for (RtspTestClient c : clients) {
                c.close();
            }
        }
    }

    private static String describe(int cseq, String authorization) {
        return "DESCRIBE " + fixture.url("entrance") + " RTSP/1.0\r\nCSeq: " + cseq + "\r\nAuthorization: "
                + authorization + "\r\n\r\n";
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
