package org.camgate.onvif;

import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's ONVIF answers as clients written for cameras read them (libonvif's requests): {@code Connection:
 * Close}, {@code Accept-Encoding: gzip, deflate}, a Host header without a port, one nonce reused with a new Created.
 */
@ExtendWith(NettyLeakCheck.class)
class OnvifHttpFramingIT {
    static final String DEVICE_NS = "http://www.onvif.org/ver10/device/wsdl";
    static final String MEDIA_NS = "http://www.onvif.org/ver10/media/wsdl";
    static final String TIME = "<GetSystemDateAndTime xmlns=\"" + DEVICE_NS + "\"/>";
    static final String INFO = "<GetDeviceInformation xmlns=\"" + DEVICE_NS + "\"/>";
    static final String CAPABILITIES = "<GetCapabilities xmlns=\"" + DEVICE_NS + "\"><Category>All</Category>"
            + "</GetCapabilities>";
    static final String SERVICES = "<GetServices xmlns=\"" + DEVICE_NS + "\"><IncludeCapability>false</IncludeCapability>"
            + "</GetServices>";
    /** What libonvif sends with every request. */
    static final String[] LIBONVIF = {"Connection", "Close", "Accept-Encoding", "gzip, deflate", "Host", "127.0.0.1"};

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
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam1
                        """, "");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static int onvifPort() {
        return fixture.gateway.onvifAddress().getPort();
    }

    static void assertPlainAndSized(RawHttp.Response r) {
        assertThat(r.header("Content-Length")).as("Content-Length").isNotNull();
        assertThat(Integer.parseInt(r.header("Content-Length")))
                .isEqualTo(r.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(r.header("Content-Encoding")).as("Content-Encoding").isNull();
        assertThat(r.header("Transfer-Encoding")).as("Transfer-Encoding").isNull();
        assertThat(r.body()).contains("Envelope>");
    }

    @Test
    void aClientThatClosesAfterEachRequestGetsAPlainSizedAnswerAndTheConnectionEnds() throws Exception {
        for (String envelope : List.of(OnvifFixture.envelope("", TIME), OnvifFixture.ws("nvr", "secret", INFO))) {
            try (RawHttp c = fixture.from("127.0.0.1")) {
                RawHttp.Response r = c.post(ServicePaths.DEVICE, envelope, LIBONVIF);
                assertThat(r.status()).isEqualTo(200);
                assertPlainAndSized(r);
                assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(c.closedWithoutAnswer(null, 3000)).as("closed after the answer").isTrue();
            }
        }
    }

    @Test
    void headerNamesAreWrittenAsCamerasWriteThem() throws Exception {
        String request = RawHttp.request("POST", ServicePaths.DEVICE, OnvifFixture.envelope("", TIME))
                .replace("\r\n\r\n", "\r\nConnection: Close\r\n\r\n");
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(fixture.onvif(), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
            // libonvif looks for these names case-sensitively
            assertThat(head).startsWith("HTTP/1.1 200").contains("\r\nContent-Length: ")
                    .contains("\r\nContent-Type: ").contains("\r\nConnection: close");
        }
    }

    @Test
    void aKeepAliveClientOfferingGzipGetsPlainSizedAnswersOnOneConnection() throws Exception {
        try (RawHttp c = fixture.from("127.0.0.1")) {
            for (String envelope : List.of(OnvifFixture.envelope("", TIME), OnvifFixture.ws("nvr", "secret", INFO),
                    OnvifFixture.envelope("", CAPABILITIES), OnvifFixture.ws("nvr", "secret", INFO))) {
                RawHttp.Response r = c.post(ServicePaths.DEVICE, envelope, "Accept-Encoding", "gzip, deflate");
                assertThat(r.status()).isEqualTo(200);
                assertPlainAndSized(r);
                assertThat(r.header("Connection")).isNotEqualToIgnoringCase("close");
            }
            // A refusal on the same connection is framed the same way.
            RawHttp.Response refused = c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", INFO),
                    "Accept-Encoding", "gzip");
            assertThat(refused.status()).isEqualTo(401);
            assertPlainAndSized(refused);
        }
    }

    @Test
    void aHostHeaderWithoutAPortGetsAddressesOnThePortsTheGatewayListensOn() throws Exception {
        int http = onvifPort();
        int rtsp = fixture.gateway.rtspAddress().getPort();
        try (RawHttp c = fixture.from("127.0.0.1")) {
            String capabilities = c.post(ServicePaths.DEVICE, OnvifFixture.ws("nvr", "secret", CAPABILITIES),
                    LIBONVIF).body();
            List<String> xaddrs = all(capabilities, "XAddr>([^<]+)<");
            assertThat(xaddrs).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("http://127.0.0.1:" + http + "/"));
        }
        try (RawHttp c = fixture.from("127.0.0.1")) {
            String services = c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", SERVICES), LIBONVIF).body();
            assertThat(all(services, "XAddr>([^<]+)<")).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(a -> assertThat(a).startsWith("http://127.0.0.1:" + http + "/onvif/"));
        }
        try (RawHttp c = fixture.from("127.0.0.1")) {
            String uri = c.post(ServicePaths.MEDIA, OnvifFixture.ws("nvr", "secret", OnvifAccessIT.streamUri("entrance")),
                    LIBONVIF).body();
            assertThat(all(uri, "Uri>([^<]+)<")).containsExactly("rtsp://127.0.0.1:" + rtsp + "/entrance");
        }
        try (RawHttp c = fixture.from("127.0.0.1")) {
            String snapshot = c.post(ServicePaths.MEDIA, OnvifFixture.ws("nvr", "secret", "<GetSnapshotUri xmlns=\""
                    + MEDIA_NS + "\"><ProfileToken>entrance</ProfileToken></GetSnapshotUri>"), LIBONVIF).body();
            assertThat(all(snapshot, "Uri>([^<]+)<"))
                    .containsExactly("http://127.0.0.1:" + http + ServicePaths.SNAPSHOT + "/entrance.jpg");
        }
        try (RawHttp c = fixture.from("127.0.0.1")) {
            String subscription = c.post(ServicePaths.EVENTS, OnvifFixture.ws("nvr", "secret",
                    "<CreatePullPointSubscription xmlns=\"http://www.onvif.org/ver10/events/wsdl\"/>"), LIBONVIF).body();
            assertThat(all(subscription, "Address>([^<]+)<")).singleElement().asString()
                    .startsWith("http://127.0.0.1:" + http + ServicePaths.SUBSCRIPTION + "/");
        }
        // A name without a port keeps the name; a port the client names is kept (it may be forwarded).
        try (RawHttp c = fixture.from("127.0.0.1")) {
            String named = c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", SERVICES), "Host", "camgate.example")
                    .body();
            assertThat(all(named, "XAddr>([^<]+)<"))
                    .allSatisfy(a -> assertThat(a).startsWith("http://camgate.example:" + http + "/onvif/"));
            String forwarded = c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", SERVICES), "Host", "127.0.0.1:8080")
                    .body();
            assertThat(all(forwarded, "XAddr>([^<]+)<"))
                    .allSatisfy(a -> assertThat(a).startsWith("http://127.0.0.1:8080/onvif/"));
        }
    }

    @Test
    void aNonceReusedWithinASecondWithANewCreatedIsAcceptedAndAnExactRepeatIsNot() throws Exception {
        byte[] nonce = new byte[20];
        new SecureRandom().nextBytes(nonce);
        Instant now = Instant.now();
        String first = OnvifFixture.envelope(OnvifFixture.securityHeader("nvr", "secret", now, nonce), INFO);
        String second = OnvifFixture.envelope(OnvifFixture.securityHeader("nvr", "secret", now.plusMillis(300), nonce),
                INFO);
        try (RawHttp c = fixture.from("127.0.0.1")) {
            assertThat(c.post(ServicePaths.DEVICE, first).status()).isEqualTo(200);
            assertThat(c.post(ServicePaths.DEVICE, second).status()).isEqualTo(200);
            assertThat(c.post(ServicePaths.DEVICE, first).status()).isEqualTo(401);
        }
    }

    static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
