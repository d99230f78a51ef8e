package org.camgate.upstream.onvif;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.camgate.config.SourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The ONVIF client against WireMock playing a camera that misbehaves: slow answers, HTTP 500, SOAP faults,
 * garbage, hostile XML, wrong credentials, a skewed clock, HTTP Digest. Each gives a clear error naming the camera
 * (never credentials), returns within the timeouts, and the next attempt works once the camera behaves.
 */
class OnvifClientFaultsIT {
    private static final String PASSWORD = "s3cret-Pa55";
    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private static final Duration NEVER_HANG = Duration.ofSeconds(10);

    private WireMockServer camera;
    private Bus bus;
    private String base;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() {
        camera = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        camera.start();
        base = "http://127.0.0.1:" + camera.port();
        bus = BusFactory.newInstance().createBus();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        camera.stop();
        bus.shutdown(false);
    }

    private OnvifCamera client(Clock clock) {
        OnvifClientSettings settings = new OnvifClientSettings(Duration.ofMillis(500), TIMEOUT, Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMinutes(1));
        CameraTime time = new CameraTime(clock);
        SoapPorts ports = new SoapPorts(bus, "admin", PASSWORD, time, settings.connectTimeout());
        return new OnvifCamera("door", new SourceConfig.Onvif(URI.create(base + "/onvif/device_service"), "admin",
                PASSWORD, ""), ports, time, settings);
    }

    private void stub(String path, String operation, String answer) {
        camera.stubFor(post(urlEqualTo(path)).withRequestBody(containing(operation))
                .willReturn(aResponse().withHeader("Content-Type", CameraAnswers.SOAP).withBody(answer)));
    }

    private void healthyCamera(Instant cameraNow) {
        stub("/onvif/device_service", "GetSystemDateAndTime", CameraAnswers.dateTime(cameraNow));
        stub("/onvif/device_service", "GetServices", CameraAnswers.services(base));
        stub("/onvif/media_service", "GetProfiles", CameraAnswers.profiles());
        stub("/onvif/media_service", "GetStreamUri", CameraAnswers.streamUri("rtsp://127.0.0.1:5554/main"));
    }

    private ResolvedStream resolve(OnvifCamera client) {
        return assertTimeoutPreemptively(NEVER_HANG, client::resolve);
    }

    private OnvifException failure(OnvifCamera client) {
        Throwable t = assertTimeoutPreemptively(NEVER_HANG, () -> {
            try {
                client.resolve();
                return null;
            } catch (OnvifException e) {
                return e;
            }
        });
        assertThat(t).as("resolve must fail").isNotNull();
        assertThat(t.getMessage()).startsWith("camera door: ONVIF ").doesNotContain(PASSWORD);
        return (OnvifException) t;
    }

    private void assertNoCredentialsLogged() {
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void resolvesTheH264ProfileStreamWithUsernameToken() {
        healthyCamera(Instant.now());
        ResolvedStream stream = resolve(client(Clock.systemUTC()));

        assertThat(stream.uri()).isEqualTo(URI.create("rtsp://127.0.0.1:5554/main"));
        assertThat(stream.profile().token()).isEqualTo("main");
        assertThat(stream.profile().encoding()).isEqualTo("H264");
        assertThat(stream.services().events()).isEqualTo(base + "/onvif/event_service");
        assertThat(stream.credentials().username()).isEqualTo("admin");
        // GetSystemDateAndTime is pre-auth: sent without a token; the media calls carry one.
        camera.verify(postRequestedFor(urlEqualTo("/onvif/device_service"))
                .withRequestBody(containing("GetSystemDateAndTime")).withRequestBody(notContaining("UsernameToken")));
        camera.verify(postRequestedFor(urlEqualTo("/onvif/media_service"))
                .withRequestBody(containing("GetProfiles")).withRequestBody(containing("PasswordDigest")));
        camera.verify(postRequestedFor(urlEqualTo("/onvif/media_service"))
                .withHeader("Content-Type", containing("application/soap+xml")));
        assertNoCredentialsLogged();
    }

    @Test
    void createdFollowsTheCameraClockWhenItIsSkewed() {
        Instant cameraNow = Instant.now().plus(Duration.ofMinutes(37));
        healthyCamera(cameraNow);
        ResolvedStream stream = resolve(client(Clock.systemUTC()));

        assertThat(stream.clockOffset()).isCloseTo(Duration.ofMinutes(37), Duration.ofSeconds(3));
        LoggedRequest profiles = camera.findAll(postRequestedFor(urlEqualTo("/onvif/media_service"))
                .withRequestBody(containing("GetProfiles"))).get(0);
        Matcher created = Pattern.compile("Created[^>]*>([^<]+)<").matcher(profiles.getBodyAsString());
        assertThat(created.find()).isTrue();
        Instant sent = Instant.parse(created.group(1));
        assertThat(sent.getEpochSecond()).isCloseTo(cameraNow.getEpochSecond(), within(5L));
        // the digest matches Created as sent
        Matcher nonce = Pattern.compile("Nonce[^>]*>([^<]+)<").matcher(profiles.getBodyAsString());
        Matcher digest = Pattern.compile("Password[^>]*>([^<]+)<").matcher(profiles.getBodyAsString());
        assertThat(nonce.find() && digest.find()).isTrue();
        assertThat(digest.group(1)).isEqualTo(UsernameToken.digest(
                java.util.Base64.getDecoder().decode(nonce.group(1)), created.group(1), PASSWORD));
    }

    @Test
    void slowCameraTimesOutClearlyThenRecovers() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/media_service")).withRequestBody(containing("GetProfiles"))
                .willReturn(aResponse().withFixedDelay(3_000).withHeader("Content-Type", CameraAnswers.SOAP)
                        .withBody(CameraAnswers.profiles())));
        OnvifCamera client = client(Clock.systemUTC());

        OnvifException e = failure(client);
        assertThat(e.failure()).isEqualTo(OnvifFailure.TIMEOUT);
        assertThat(e.getMessage()).contains("GetProfiles").contains("no answer within 700 ms");

        stub("/onvif/media_service", "GetProfiles", CameraAnswers.profiles());
        assertThat(resolve(client).profile().token()).isEqualTo("main");
    }

    @Test
    void http500WithoutSoapIsReported() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/media_service")).withRequestBody(containing("GetStreamUri"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Internal error</body></html>")));
        OnvifException e = failure(client(Clock.systemUTC()));
        assertThat(e.getMessage()).contains("GetStreamUri").contains("500");
    }

    @Test
    void soapFaultIsReportedWithItsCode() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/media_service")).withRequestBody(containing("GetStreamUri"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", CameraAnswers.SOAP)
                        .withBody(CameraAnswers.fault("ter:InvalidArgVal", "No such profile"))));
        OnvifException e = failure(client(Clock.systemUTC()));
        assertThat(e.failure()).isEqualTo(OnvifFailure.FAULT);
        assertThat(e.getMessage()).contains("GetStreamUri").contains("InvalidArgVal");
    }

    @Test
    void cameraWithoutGetServicesIsAskedForCapabilities() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/device_service")).withRequestBody(containing("GetServices"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", CameraAnswers.SOAP)
                        .withBody(CameraAnswers.fault("ter:ActionNotSupported", "not supported"))));
        stub("/onvif/device_service", "GetCapabilities", CameraAnswers.capabilities(base));
        ResolvedStream stream = resolve(client(Clock.systemUTC()));
        assertThat(stream.services().media()).isEqualTo(base + "/onvif/media_service");
        assertThat(stream.services().events()).isEqualTo(base + "/onvif/event_service");
    }

    @Test
    void garbageIsReportedAsNotSoap() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/media_service")).withRequestBody(containing("GetProfiles"))
                .willReturn(aResponse().withHeader("Content-Type", CameraAnswers.SOAP).withBody("\u0000\u0001 not xml {{{")));
        OnvifException e = failure(client(Clock.systemUTC()));
        assertThat(e.failure()).isEqualTo(OnvifFailure.BAD_ANSWER);
        assertThat(e.getMessage()).contains("GetProfiles");
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        java.nio.file.Path secret = java.nio.file.Files.createTempFile("camgate-xxe", ".txt");
        java.nio.file.Files.writeString(secret, "TOP-SECRET-CONTENT");
        try {
            healthyCamera(Instant.now());
            String hostile = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                    + CameraAnswers.streamUri("rtsp://127.0.0.1:5554/&e;").replaceFirst("^<\\?xml[^>]*>", "");
            camera.stubFor(post(urlEqualTo("/onvif/media_service")).withRequestBody(containing("GetStreamUri"))
                    .willReturn(aResponse().withHeader("Content-Type", CameraAnswers.SOAP).withBody(hostile)));
            OnvifException e = failure(client(Clock.systemUTC()));
            assertThat(e.failure()).isEqualTo(OnvifFailure.BAD_ANSWER);
            assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
        } finally {
            java.nio.file.Files.deleteIfExists(secret);
        }
    }

    @Test
    void wrongCredentialsAreReportedWithoutThem() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/media_service"))
                .willReturn(aResponse().withStatus(401)
                        .withHeader("WWW-Authenticate", "Digest realm=\"cam\", nonce=\"abc123\", qop=\"auth\"")
                        .withHeader("Content-Type", CameraAnswers.SOAP)
                        .withBody(CameraAnswers.fault("ter:NotAuthorized", "Sender not Authorized"))));
        OnvifException e = failure(client(Clock.systemUTC()));
        assertThat(e.failure()).isEqualTo(OnvifFailure.NOT_AUTHORIZED);
        assertThat(e.getMessage()).contains("camera door").contains("refused the configured username/password");
        assertNoCredentialsLogged();
    }

    @Test
    void httpDigestIsUsedWhenTheCameraAsksForIt() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/media_service")).atPriority(1)
                .withHeader("Authorization", matching("Digest (?=.*username=\"admin\")(?=.*response=\"[0-9a-f]{32}\").*"))
                .withRequestBody(containing("GetProfiles"))
                .willReturn(aResponse().withHeader("Content-Type", CameraAnswers.SOAP).withBody(CameraAnswers.profiles())));
        camera.stubFor(post(urlEqualTo("/onvif/media_service")).atPriority(1)
                .withHeader("Authorization", matching("Digest .*username=\"admin\".*"))
                .withRequestBody(containing("GetStreamUri"))
                .willReturn(aResponse().withHeader("Content-Type", CameraAnswers.SOAP)
                        .withBody(CameraAnswers.streamUri("rtsp://127.0.0.1:5554/main"))));
        camera.stubFor(post(urlEqualTo("/onvif/media_service")).atPriority(5)
                .willReturn(aResponse().withStatus(401)
                        .withHeader("WWW-Authenticate", "Digest realm=\"cam\", nonce=\"n0nce\", qop=\"auth\", algorithm=MD5")));
        ResolvedStream stream = resolve(client(Clock.systemUTC()));
        assertThat(stream.uri().getPath()).isEqualTo("/main");
        List<LoggedRequest> authorized = camera.findAll(postRequestedFor(urlEqualTo("/onvif/media_service"))
                .withHeader("Authorization", matching("Digest .*")));
        assertThat(authorized).isNotEmpty();
        assertThat(authorized.get(0).getHeader("Authorization")).doesNotContain(PASSWORD);
    }

    @Test
    void httpBasicIsNeverSentEvenWhenItIsAllTheCameraOffers() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/media_service")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"cam\"")));
        OnvifException e = failure(client(Clock.systemUTC()));
        assertThat(e.failure()).isEqualTo(OnvifFailure.NOT_AUTHORIZED);
        assertThat(camera.findAll(postRequestedFor(urlMatching(".*")).withHeader("Authorization", matching(".*"))))
                .as("requests with an Authorization header").isEmpty();
        assertNoCredentialsLogged();
    }

    @Test
    void unreachableCameraFailsFast() {
        camera.stop();
        OnvifException e = failure(client(Clock.systemUTC()));
        assertThat(e.failure()).isIn(OnvifFailure.UNREACHABLE, OnvifFailure.TIMEOUT);
        assertThat(e.getMessage()).contains("GetSystemDateAndTime");
    }

    @Test
    void preAuthRetriedWithCredentialsWhenRefused() {
        healthyCamera(Instant.now());
        camera.stubFor(post(urlEqualTo("/onvif/device_service")).atPriority(1)
                .withRequestBody(containing("GetSystemDateAndTime")).withRequestBody(notContaining("UsernameToken"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", CameraAnswers.SOAP)
                        .withBody(CameraAnswers.fault("ter:NotAuthorized", "Sender not Authorized"))));
        assertThat(resolve(client(Clock.systemUTC())).profile().token()).isEqualTo("main");
        camera.verify(postRequestedFor(urlEqualTo("/onvif/device_service"))
                .withRequestBody(containing("GetSystemDateAndTime")).withRequestBody(containing("UsernameToken")));
        assertThat(camera.findAll(postRequestedFor(urlEqualTo("/onvif/device_service"))
                .withHeader("X-Never", equalTo("x")))).isEmpty();
    }
}
