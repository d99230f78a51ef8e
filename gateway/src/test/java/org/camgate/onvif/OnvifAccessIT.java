package org.camgate.onvif;

import org.camgate.onvif.discovery.Probes;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscription;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscriptionResponse;
import org.camgate.onvif.wsdl.events.EventPortType;
import org.camgate.protocol.auth.DigestClient;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ONVIF port under attack from other loopback addresses (127.0.0.x): the gateway's access policy at accept and
 * on every operation, camera lists, connection limits, slowed guessing (WS-Security and HTTP Digest), Digest
 * credentials bound to address and resource, the replay memory, PullPoint quotas, and WS-Discovery.
 */
@ExtendWith(NettyLeakCheck.class)
class OnvifAccessIT {
    static final String DEVICE_NS = "http://www.onvif.org/ver10/device/wsdl";
    static final String MEDIA_NS = "http://www.onvif.org/ver10/media/wsdl";
    static final String TIME = "<GetSystemDateAndTime xmlns=\"" + DEVICE_NS + "\"/>";
    static final String INFO = "<GetDeviceInformation xmlns=\"" + DEVICE_NS + "\"/>";
    static final String PROFILES = "<GetProfiles xmlns=\"" + MEDIA_NS + "\"/>";

    @TempDir
    static Path dir;
    static OnvifFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new OnvifFixture(dir, List.of(SimCameraConfig.of("cam1")),
                """
                          - id: entrance
                            purpose: Prevent theft at the main entrance
                            source: ${CAMERA}/cam1
                            access: { deny: [127.0.0.3/32] }
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam1
                        """,
                "  discovery: true\n  discoveryPort: 0\n  maxSubscriptionsPerUser: 2\n  maxSubscriptionTime: 30s\n",
                "access:\n  allow: [127.0.0.0/25]\n  deny: [127.0.0.99/32]\n",
                """
                          - name: ops
                            password: ops-secret
                            cameras: ["*"]
                          - name: rec
                            password: rec-secret
                            cameras: ["*"]
                          - name: sub
                            password: sub-secret
                            cameras: ["*"]
                        """);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static String ws(String user, String password, String body) {
        return OnvifFixture.ws(user, password, body);
    }

    static String streamUri(String profile) {
        return "<GetStreamUri xmlns=\"" + MEDIA_NS + "\"><StreamSetup><Stream xmlns=\"http://www.onvif.org/ver10/schema\">"
                + "RTP-Unicast</Stream><Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>RTSP</Protocol>"
                + "</Transport></StreamSetup><ProfileToken>" + profile + "</ProfileToken></GetStreamUri>";
    }

    /** GET with HTTP Digest over one raw connection: the challenge, then the answer to it. */
    static RawHttp.Response digestGet(RawHttp c, String path, String user, String password) throws IOException {
        RawHttp.Response first = c.get(path);
        assertThat(first.status()).isEqualTo(401);
        DigestClient digest = new DigestClient(user, password);
        digest.onUnauthorized(first.headers("WWW-Authenticate"));
        return c.get(path, "Authorization", digest.authorization("GET", path));
    }

    @Test
    void anAddressOutsideTheNetworkRulesIsClosedAtOnceOnEveryPath() throws Exception {
        List<String> requests = List.of(
                RawHttp.request("POST", ServicePaths.DEVICE, OnvifFixture.envelope("", TIME)),
                RawHttp.request("POST", ServicePaths.DEVICE, ws("nvr", "secret", INFO)),
                RawHttp.request("POST", ServicePaths.MEDIA, ws("nvr", "secret", PROFILES)),
                RawHttp.request("POST", ServicePaths.MEDIA, ws("nvr", "secret", streamUri("entrance"))),
                RawHttp.request("POST", ServicePaths.EVENTS, ws("nvr", "secret",
                        "<CreatePullPointSubscription xmlns=\"http://www.onvif.org/ver10/events/wsdl\"/>")),
                RawHttp.request("GET", ServicePaths.SNAPSHOT + "/lobby.jpg", null));
        // 127.0.0.200 is outside access.allow (127.0.0.0/25); 127.0.0.99 is in access.deny.
        for (String from : List.of("127.0.0.200", "127.0.0.99")) {
            for (String request : requests) {
                long start = System.nanoTime();
                try (RawHttp c = fixture.from(from)) {
                    assertThat(c.closedWithoutAnswer(request, 3000)).as("%s: %s", from, request).isTrue();
                }
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
            }
        }
        try (RawHttp allowed = fixture.from("127.0.0.2")) {
            assertThat(allowed.post(ServicePaths.DEVICE, OnvifFixture.envelope("", TIME)).status()).isEqualTo(200);
            assertThat(allowed.post(ServicePaths.DEVICE, ws("nvr", "secret", INFO)).status()).isEqualTo(200);
        }
        await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(l -> assertThat(l)
                .contains("\"event\":\"denied\"").contains("127.0.0.200").contains("\"transport\":\"onvif\"")
                .contains("address not allowed")));
    }

    @Test
    void aCamerasDenyListRefusesItsSnapshotAndStreamAndHidesItsProfile() throws Exception {
        try (RawHttp c = fixture.from("127.0.0.3")) {
            assertThat(digestGet(c, ServicePaths.SNAPSHOT + "/entrance.jpg", "nvr", "secret").status()).isEqualTo(403);
            RawHttp.Response uri = c.post(ServicePaths.MEDIA, ws("nvr", "secret", streamUri("entrance")));
            assertThat(uri.status()).isNotEqualTo(200);
            assertThat(uri.body()).contains("NoProfile").doesNotContain("rtsp://");
            RawHttp.Response profiles = c.post(ServicePaths.MEDIA, ws("nvr", "secret", PROFILES));
            assertThat(profiles.status()).isEqualTo(200);
            assertThat(profiles.body()).contains("token=\"lobby\"").doesNotContain("token=\"entrance\"");
            RawHttp.Response lobby = c.post(ServicePaths.MEDIA, ws("nvr", "secret", streamUri("lobby")));
            assertThat(lobby.status()).isEqualTo(200);
            assertThat(lobby.body()).contains("/lobby");
        }
        try (RawHttp c = fixture.from("127.0.0.4")) {
            RawHttp.Response profiles = c.post(ServicePaths.MEDIA, ws("nvr", "secret", PROFILES));
            assertThat(profiles.body()).contains("token=\"lobby\"").contains("token=\"entrance\"");
            RawHttp.Response uri = c.post(ServicePaths.MEDIA, ws("nvr", "secret", streamUri("entrance")));
            assertThat(uri.status()).isEqualTo(200);
            assertThat(uri.body()).contains("/entrance");
        }
        await().untilAsserted(() -> assertThat(fixture.audit())
                .anySatisfy(l -> assertThat(l).contains("\"event\":\"denied\"").contains("\"camera\":\"entrance\"")
                        .contains("\"transport\":\"snapshot\"").contains("address not allowed for camera"))
                .anySatisfy(l -> assertThat(l).contains("\"event\":\"denied\"").contains("\"camera\":\"entrance\"")
                        .contains("\"transport\":\"onvif\"").contains("address not allowed for camera")));
    }

    @Test
    void idleConnectionsFromOneAddressAreCappedButAuthenticatedOnesAreNot() throws Exception {
        List<SocketChannel> idle = new ArrayList<>();
        List<RawHttp> nvr = new ArrayList<>();
        try {
            for (int i = 0; i < 600; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.bind(new InetSocketAddress("127.0.0.5", 0));
                ch.connect(fixture.onvif());
                ch.configureBlocking(false);
                idle.add(ch);
            }
            // Unauthenticated connections per address: 20 by default; the other 580 are closed at once.
            await().atMost(Duration.ofSeconds(20)).until(() -> closed(idle) == 580);
            Thread.sleep(500);
            assertThat(closed(idle)).isEqualTo(580);
            // A recording server at one address may hold many more once they have authenticated.
            for (int i = 0; i < 30; i++) {
                RawHttp c = fixture.from("127.0.0.6");
                nvr.add(c);
                assertThat(c.post(ServicePaths.DEVICE, ws("nvr", "secret", INFO)).status()).isEqualTo(200);
            }
            for (RawHttp c : nvr) {
                assertThat(c.post(ServicePaths.DEVICE, ws("nvr", "secret", INFO)).status()).isEqualTo(200);
            }
        } finally {
            for (SocketChannel ch : idle) {
                ch.close();
            }
            for (RawHttp c : nvr) {
                c.close();
            }
        }
        assertThat(fixture.audit()).anySatisfy(l -> assertThat(l).contains("\"event\":\"denied\"")
                .contains("127.0.0.5").contains("connection limit reached"));
    }

    private static int closed(List<SocketChannel> channels) {
        int n = 0;
        ByteBuffer b = ByteBuffer.allocate(16);
        for (SocketChannel ch : channels) {
            try {
                b.clear();
                if (ch.read(b) < 0) {
                    n++;
                }
            } catch (IOException e) {
                n++; // reset
            }
        }
        return n;
    }

    @Test
    void wrongTokensLockTheAddressOutSoTheRightTokenIsRefusedAndAnsweredLate() throws Exception {
        List<Long> millis = new ArrayList<>();
        try (RawHttp c = fixture.from("127.0.0.7")) {
            for (int i = 0; i < 7; i++) {
                RawHttp.Response r = c.post(ServicePaths.DEVICE, ws("ops", "guess-" + i, INFO));
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.body()).contains("NotAuthorized");
                millis.add(r.millis());
            }
            // access.loginFailures.perAddress is 5: the fifth failure and all after it are answered late (250 ms,
            // doubling per failure over the limit); the first four are not held.
            assertAnsweredLateFromTheFifth(millis);
            RawHttp.Response right = c.post(ServicePaths.DEVICE, ws("ops", "ops-secret", INFO));
            assertThat(right.status()).isEqualTo(401);
            assertThat(right.millis()).isGreaterThanOrEqualTo(1000);
            // Pre-auth operations still answer (the lockout is about credentials).
            assertThat(c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", TIME)).status()).isEqualTo(200);
        }
        // The lockout is this address's: the user logs in from elsewhere.
        try (RawHttp other = fixture.from("127.0.0.8")) {
            assertThat(other.post(ServicePaths.DEVICE, ws("ops", "ops-secret", INFO)).status()).isEqualTo(200);
        }
        assertThat(fixture.audit())
                .anySatisfy(l -> assertThat(l).contains("\"event\":\"rate-limited\"").contains("127.0.0.7"))
                .anySatisfy(l -> assertThat(l).contains("\"event\":\"auth-failure\"").contains("127.0.0.7")
                        .contains("refused unchecked"));
    }

    @Test
    void wrongDigestAttemptsAreSlowedOnServicesAndSnapshots() throws Exception {
        try (RawHttp c = fixture.from("127.0.0.9")) {
            RawHttp.Response r = c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO));
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                DigestClient guess = new DigestClient("nobody", "guess-" + i);
                guess.onUnauthorized(r.headers("WWW-Authenticate"));
                r = c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO), "Authorization",
                        guess.authorization("POST", ServicePaths.DEVICE));
                assertThat(r.status()).isEqualTo(401);
                millis.add(r.millis());
            }
            assertAnsweredLateFromTheFifth(millis);
            // Another user's right password from this address: refused unchecked, late.
            DigestClient right = new DigestClient("rec", "rec-secret");
            right.onUnauthorized(r.headers("WWW-Authenticate"));
            r = c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO), "Authorization",
                    right.authorization("POST", ServicePaths.DEVICE));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.millis()).isGreaterThanOrEqualTo(1000);
        }
        String snapshot = ServicePaths.SNAPSHOT + "/lobby.jpg";
        try (RawHttp c = fixture.from("127.0.0.13")) {
            RawHttp.Response r = c.get(snapshot);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                DigestClient guess = new DigestClient("nobody2", "guess-" + i);
                guess.onUnauthorized(r.headers("WWW-Authenticate"));
                r = c.get(snapshot, "Authorization", guess.authorization("GET", snapshot));
                assertThat(r.status()).isEqualTo(401);
                millis.add(r.millis());
            }
            assertAnsweredLateFromTheFifth(millis);
        }
    }

    /** Answer times of consecutive failures: the first four come at once, from the fifth on at least 250 ms late. */
    private static void assertAnsweredLateFromTheFifth(List<Long> millis) {
        List<Long> prompt = millis.subList(0, 4);
        List<Long> late = millis.subList(4, millis.size());
        assertThat(late).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(250));
        // Bounded by the held answers rather than by a fixed time, so a loaded machine does not fail it.
        assertThat(java.util.Collections.max(prompt)).as("answer times %s", millis)
                .isLessThan(java.util.Collections.min(late));
    }

    @Test
    void aCapturedDigestHeaderIsRefusedFromAnotherAddressAndForAnotherResource() throws Exception {
        try (RawHttp a = fixture.from("127.0.0.10"); RawHttp b = fixture.from("127.0.0.11")) {
            RawHttp.Response challenge = a.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO));
            DigestClient digest = new DigestClient("nvr", "secret");
            digest.onUnauthorized(challenge.headers("WWW-Authenticate"));
            String captured = digest.authorization("POST", ServicePaths.DEVICE);
            assertThat(a.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO), "Authorization", captured).status())
                    .isEqualTo(200);
            // The nonce belongs to 127.0.0.10.
            assertThat(b.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO), "Authorization", captured).status())
                    .isEqualTo(401);
            // Its nonce count was used.
            assertThat(a.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO), "Authorization", captured).status())
                    .isEqualTo(401);
            // Credentials for the device service do not open the media service.
            String forDevice = digest.authorization("POST", ServicePaths.DEVICE);
            assertThat(a.post(ServicePaths.MEDIA, OnvifFixture.envelope("", PROFILES), "Authorization", forDevice)
                    .status()).isEqualTo(401);
            // ...nor one camera's snapshot another's.
            String forLobby = digest.authorization("GET", ServicePaths.SNAPSHOT + "/lobby.jpg");
            assertThat(a.get(ServicePaths.SNAPSHOT + "/entrance.jpg", "Authorization", forLobby).status()).isEqualTo(401);
            // The nonce itself is still good for what it was computed for.
            assertThat(a.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO), "Authorization",
                    digest.authorization("POST", ServicePaths.DEVICE)).status()).isEqualTo(200);
        }
    }

    @Test
    void oneUserCannotTakeEveryPullPointAndSubscriptionsAreCappedInTime() throws Exception {
        EventPortType sub = fixture.client(EventPortType.class, ServicePaths.EVENTS, "sub", "sub-secret");
        CreatePullPointSubscription longOne = new CreatePullPointSubscription();
        longOne.setInitialTerminationTime("PT1H");
        Instant before = Instant.now();
        CreatePullPointSubscriptionResponse first = sub.createPullPointSubscription(longOne);
        // maxSubscriptionTime is 30s here: a request for an hour is granted 30 s.
        Instant granted = first.getTerminationTime().toGregorianCalendar().toInstant();
        Instant current = first.getCurrentTime().toGregorianCalendar().toInstant();
        assertThat(Duration.between(current, granted)).isEqualTo(Duration.ofSeconds(30));
        assertThat(granted).isBefore(before.plusSeconds(60));
        sub.createPullPointSubscription(new CreatePullPointSubscription());
        // maxSubscriptionsPerUser is 2.
        assertThatThrownBy(() -> sub.createPullPointSubscription(new CreatePullPointSubscription()))
                .hasMessageContaining("this user has too many subscriptions open (at most 2)");
        EventPortType rec = fixture.client(EventPortType.class, ServicePaths.EVENTS, "rec", "rec-secret");
        assertThat(rec.createPullPointSubscription(new CreatePullPointSubscription()).getSubscriptionReference())
                .isNotNull();
    }

    @Test
    void discoveryIsUnansweredForRefusedSendersAndRateLimited() throws Exception {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", fixture.gateway.discoveryPort());
        assertThat(probes("127.0.0.99", target, 1, Duration.ofMillis(1500))).isZero();
        assertThat(probes("127.0.0.200", target, 1, Duration.ofMillis(1500))).isZero();
        assertThat(probes("127.0.0.12", target, 1, Duration.ofMillis(1500))).isEqualTo(1);
        // 30 probes at once from one address: at most its burst (5) and what refills meanwhile are answered.
        int answered = probes("127.0.0.14", target, 30, Duration.ofMillis(1500));
        assertThat(answered).isBetween(1, 7);
        assertThat(fixture.audit()).anySatisfy(l -> assertThat(l).contains("\"event\":\"denied\"")
                .contains("127.0.0.99").contains("\"transport\":\"discovery\""));
    }

    /** Sends {@code count} probes from {@code from} and counts the answers arriving within {@code wait}. */
    private static int probes(String from, InetSocketAddress target, int count, Duration wait) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            for (int i = 0; i < count; i++) {
                byte[] probe = Probes.probe(Probes.newMessageId());
                socket.send(new DatagramPacket(probe, probe.length, target));
            }
            int answers = 0;
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] buffer = new byte[65_536];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return answers;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                try {
                    socket.receive(new DatagramPacket(buffer, buffer.length));
                    answers++;
                } catch (SocketTimeoutException e) {
                    return answers;
                }
            }
        }
    }

    @Test
    void aFullReplayMemoryRefusesNewTokensRatherThanForgettingFreshOnes() throws Exception {
        Path own = Files.createDirectories(dir.resolve("replay"));
        // Two users share room for two tokens: one each.
        try (OnvifFixture small = new OnvifFixture(own, List.of(SimCameraConfig.of("cam1")), """
                  - id: lobby
                    purpose: Safety in the lobby
                    source: ${CAMERA}/cam1
                """, "  maxRememberedTokens: 2\n", "", "");
             RawHttp c = small.from("127.0.0.15")) {
            String captured = ws("nvr", "secret", INFO);
            assertThat(c.post(ServicePaths.DEVICE, captured).status()).isEqualTo(200);
            RawHttp.Response busy = c.post(ServicePaths.DEVICE, ws("nvr", "secret", INFO));
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).isNotNull();
            assertThat(busy.body()).contains("Fault").contains("busy");
            // The captured token is still remembered: flooding the memory did not make it replayable.
            assertThat(c.post(ServicePaths.DEVICE, captured).status()).isEqualTo(401);
            // The other user has its own share.
            assertThat(c.post(ServicePaths.DEVICE, ws("guest", "guest", INFO)).status()).isEqualTo(200);
            // Pre-auth operations answer anyway.
            assertThat(c.post(ServicePaths.DEVICE, ws("nvr", "secret", TIME)).status()).isEqualTo(200);
            assertThat(small.audit()).anySatisfy(l -> assertThat(l).contains("\"event\":\"denied\"")
                    .contains("\"user\":\"nvr\"").contains("replay memory full"));
        }
    }

    @Test
    void anUnknownPathIsA404FaultNeverAnEmpty200() throws Exception {
        try (RawHttp c = fixture.from("127.0.0.2")) {
            RawHttp.Response r = c.post("/onvif/nothing_here", OnvifFixture.envelope("", TIME));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).contains("Fault");
        }
    }
}
