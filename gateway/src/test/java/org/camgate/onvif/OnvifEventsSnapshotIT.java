package org.camgate.onvif;

import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.onvif.discovery.DiscoveryClient;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscription;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscriptionResponse;
import org.camgate.onvif.wsdl.events.EventPortType;
import org.camgate.onvif.wsdl.events.GetEventProperties;
import org.camgate.onvif.wsdl.events.PullMessages;
import org.camgate.onvif.wsdl.events.PullMessagesResponse;
import org.camgate.onvif.wsdl.events.PullPointSubscription;
import org.camgate.onvif.wsdl.media.GetSnapshotUri;
import org.camgate.onvif.wsdl.media.Media;
import org.camgate.onvif.wsdl.schema.Message;
import org.camgate.onvif.wsdl.wsn.NotificationMessageHolderType;
import org.camgate.onvif.wsdl.wsn.Renew;
import org.camgate.onvif.wsdl.wsn.Unsubscribe;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.datatype.DatatypeFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PullPoint subscriptions fed from the event bus, snapshots over HTTP Digest (of an H.264 and an H.265 camera),
 * WS-Discovery on loopback.
 */
@ExtendWith(NettyLeakCheck.class)
class OnvifEventsSnapshotIT {
    @TempDir
    static Path dir;
    static OnvifFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new OnvifFixture(dir, List.of(SimCameraConfig.of("cam1"),
                        SimCameraConfig.of("cam2").withSize(320, 180).withCodec(NalCodec.H265)),
                """
                          - id: entrance
                            purpose: Prevent theft at the main entrance
                            source: ${CAMERA}/cam1
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam1
                          - id: garage
                            purpose: Vehicle theft in the garage
                            source: ${CAMERA}/cam2
                        """, "  discovery: true\n  discoveryPort: 0\n");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static PullMessages pull(String timeout, int limit) throws Exception {
        PullMessages p = new PullMessages();
        p.setTimeout(DatatypeFactory.newInstance().newDuration(timeout));
        p.setMessageLimit(limit);
        return p;
    }

    static String topic(NotificationMessageHolderType n) {
        return n.getTopic().getContent().get(0).toString().trim();
    }

    static Message message(NotificationMessageHolderType n) {
        Object any = n.getMessage().getAny();
        if (any instanceof jakarta.xml.bind.JAXBElement<?> e) {
            any = e.getValue();
        }
        return (Message) any;
    }

    @Test
    void pullPointReceivesGateEventsFromTheBus() throws Exception {
        EventPortType events = fixture.client(EventPortType.class, ServicePaths.EVENTS, "guest", "guest");
        assertThat(events.getEventProperties(new GetEventProperties()).getTopicSet().getAny()).isNotEmpty();
        CreatePullPointSubscription create = new CreatePullPointSubscription();
        create.setInitialTerminationTime("PT60S");
        CreatePullPointSubscriptionResponse created = events.createPullPointSubscription(create);
        String address = created.getSubscriptionReference().getAddress().getValue();
        assertThat(address).startsWith(fixture.base() + ServicePaths.SUBSCRIPTION + "/");
        assertThat(created.getTerminationTime().toString()).endsWith("Z");
        PullPointSubscription subscription = fixture.clientAt(PullPointSubscription.class, address, "guest", "guest");

        // Initialized states of the cameras guest may see: lobby only.
        PullMessagesResponse initial = subscription.pullMessages(pull("PT1S", 100));
        assertThat(initial.getNotificationMessage()).isNotEmpty().allSatisfy(n -> {
            assertThat(message(n).getPropertyOperation().value()).isEqualTo("Initialized");
            assertThat(message(n).getSource().getSimpleItem().get(0).getValue()).contains("lobby");
        });

        // A long poll returns as soon as an event is published.
        CompletableFuture<PullMessagesResponse> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return subscription.pullMessages(pull("PT60S", 10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        fixture.gateway.events().publish(Event.of(Instant.now(), "onvif-test", EventSource.camera("entrance"), "gate",
                EventState.START, null, Map.of()));
        fixture.gateway.events().publish(Event.of(Instant.now(), "onvif-test", EventSource.camera("lobby"), "gate",
                EventState.START, null, Map.of()));
        PullMessagesResponse got = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(got.getNotificationMessage()).hasSize(1);
        NotificationMessageHolderType n = got.getNotificationMessage().get(0);
        assertThat(topic(n)).isEqualTo("tns1:VideoSource/MotionAlarm");
        assertThat(message(n).getData().getSimpleItem().get(0).getName()).isEqualTo("State");
        assertThat(message(n).getData().getSimpleItem().get(0).getValue()).isEqualTo("true");
        assertThat(message(n).getSource().getSimpleItem().get(0).getValue()).isEqualTo(Tokens.videoSource("lobby"));

        fixture.gateway.events().publish(Event.of(Instant.now(), "onvif-test", EventSource.camera("lobby"), "motion",
                EventState.START, null, Map.of()));
        PullMessagesResponse motion = subscription.pullMessages(pull("PT5S", 10));
        assertThat(motion.getNotificationMessage()).extracting(OnvifEventsSnapshotIT::topic)
                .containsExactly("tns1:RuleEngine/CellMotionDetector/Motion");

        Renew renew = new Renew();
        renew.setTerminationTime("PT120S");
        assertThat(subscription.renew(renew).getTerminationTime().toGregorianCalendar().toInstant())
                .isAfter(Instant.now().plusSeconds(100));
        subscription.unsubscribe(new Unsubscribe());
        assertThatThrownBy(() -> subscription.pullMessages(pull("PT1S", 10)))
                .isInstanceOf(jakarta.xml.ws.WebServiceException.class).hasMessageContaining("no such subscription");
    }

    @Test
    void subscriptionsBelongToTheirCreator() throws Exception {
        EventPortType events = fixture.client(EventPortType.class, ServicePaths.EVENTS, "guest", "guest");
        String address = events.createPullPointSubscription(new CreatePullPointSubscription())
                .getSubscriptionReference().getAddress().getValue();
        PullPointSubscription other = fixture.clientAt(PullPointSubscription.class, address, "nvr", "secret");
        assertThatThrownBy(() -> other.pullMessages(pull("PT1S", 10))).isInstanceOf(jakarta.xml.ws.WebServiceException.class);
    }

    /** The snapshot URI GetSnapshotUri gives {@code user} for a profile. */
    static String snapshotUri(String profile, String user, String password) {
        GetSnapshotUri request = new GetSnapshotUri();
        request.setProfileToken(profile);
        String uri = fixture.client(Media.class, ServicePaths.MEDIA, user, password).getSnapshotUri(request)
                .getMediaUri().getUri();
        assertThat(uri).isEqualTo(fixture.base() + "/onvif/snapshot/" + profile + ".jpg");
        return uri;
    }

    /** Asserts a JPEG answer of {@code width} x {@code height} pixels. */
    static void assertJpeg(HttpResponse<byte[]> r, int width, int height) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }

    @Test
    void snapshotIsAJpegBehindDigest() throws Exception {
        String uri = snapshotUri("lobby", "guest", "guest");
        HttpResponse<byte[]> anonymous = fixture.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(uri))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(fixture.getWithDigest(uri, "guest", "wrong").statusCode()).isEqualTo(401);
        assertThat(fixture.getWithDigest(uri.replace("lobby", "entrance"), "guest", "guest").statusCode()).isEqualTo(403);

        assertJpeg(fixture.getWithDigest(uri, "guest", "guest"), 640, 360);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(fixture.audit())
                .anyMatch(l -> l.contains("\"event\":\"snapshot\"") && l.contains("lobby")));
    }

    @Test
    void snapshotOfAnH265CameraIsAJpegOfItsSize() throws Exception {
        // The keyframe is depacketized (RFC 7798) and decoded with FFmpeg's hevc decoder.
        assertJpeg(fixture.getWithDigest(snapshotUri("garage", "nvr", "secret"), "nvr", "secret"), 320, 180);
    }

    @Test
    void discoveryAnswersAUnicastProbeOnLoopback() throws Exception {
        int port = fixture.gateway.discoveryPort();
        List<DiscoveryClient.Device> found = DiscoveryClient.probe(new InetSocketAddress("127.0.0.1", port),
                Duration.ofSeconds(2));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).endpoint()).isEqualTo(DeviceIdentity.forSite("onvif-test", "x").endpointReference());
        assertThat(found.get(0).xaddrs()).containsExactly(fixture.base() + ServicePaths.DEVICE);
        assertThat(found.get(0).scopes()).contains("onvif://www.onvif.org/Profile/Streaming");
    }
}
