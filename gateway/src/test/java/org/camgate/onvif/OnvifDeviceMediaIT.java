package org.camgate.onvif;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.camgate.onvif.wsdl.device.Device;
import org.camgate.onvif.wsdl.device.GetCapabilities;
import org.camgate.onvif.wsdl.device.GetDeviceInformation;
import org.camgate.onvif.wsdl.device.GetDeviceInformationResponse;
import org.camgate.onvif.wsdl.device.GetNetworkInterfaces;
import org.camgate.onvif.wsdl.device.GetServices;
import org.camgate.onvif.wsdl.device.GetServicesResponse;
import org.camgate.onvif.wsdl.device.GetSystemDateAndTime;
import org.camgate.onvif.wsdl.media.GetProfiles;
import org.camgate.onvif.wsdl.media.GetProfilesResponse;
import org.camgate.onvif.wsdl.media.GetStreamUri;
import org.camgate.onvif.wsdl.media.GetVideoSources;
import org.camgate.onvif.wsdl.media.Media;
import org.camgate.onvif.wsdl.media2.Media2;
import org.camgate.onvif.wsdl.schema.Profile;
import org.camgate.onvif.wsdl.schema.StreamSetup;
import org.camgate.onvif.wsdl.schema.StreamType;
import org.camgate.onvif.wsdl.schema.Transport;
import org.camgate.onvif.wsdl.schema.TransportProtocol;
import org.camgate.onvif.wsdl.schema.VideoEncoding;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CXF clients with WS-Security against the gateway's Device, Media and Media2 services. */
@ExtendWith(NettyLeakCheck.class)
class OnvifDeviceMediaIT {
    @TempDir
    static Path dir;
    static OnvifFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new OnvifFixture(dir, List.of(SimCameraConfig.of("cam1"), SimCameraConfig.of("cam2").withSize(320, 240)
                        .withFps(10).withBitrateKbps(300).withGopFrames(10)),
                """
                          - id: entrance
                            purpose: Prevent theft at the main entrance
                            source: ${CAMERA}/cam1
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam2
                        """, "");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    Device device(String user, String password) {
        return fixture.client(Device.class, ServicePaths.DEVICE, user, password);
    }

    Media media(String user, String password) {
        return fixture.client(Media.class, ServicePaths.MEDIA, user, password);
    }

    @Test
    void preAuthOperationsAnswerWithoutCredentials() {
        Device anonymous = device(null, null);
        var time = anonymous.getSystemDateAndTime(new GetSystemDateAndTime()).getSystemDateAndTime();
        assertThat(time.getUTCDateTime().getDate().getYear()).isGreaterThanOrEqualTo(2024);
        var caps = anonymous.getCapabilities(new GetCapabilities()).getCapabilities();
        assertThat(caps.getEvents().getXAddr()).isEqualTo(fixture.base() + ServicePaths.EVENTS);
        assertThat(caps.getMedia().getStreamingCapabilities().isRTPRTSPTCP()).isTrue();
        GetServices services = new GetServices();
        services.setIncludeCapability(true);
        GetServicesResponse r = anonymous.getServices(services);
        assertThat(r.getService()).extracting(s -> s.getXAddr()).contains(fixture.base() + ServicePaths.MEDIA2);
    }

    @Test
    void deviceInformationNeedsCredentials() {
        // HTTP 401: CXF's client reports it as a WebServiceException (the raw test below checks the fault body).
        assertThatThrownBy(() -> device(null, null).getDeviceInformation(new GetDeviceInformation()))
                .isInstanceOf(jakarta.xml.ws.WebServiceException.class);
        assertThatThrownBy(() -> device("nvr", "wrong").getDeviceInformation(new GetDeviceInformation()))
                .isInstanceOf(jakarta.xml.ws.WebServiceException.class);
        GetDeviceInformationResponse info = device("nvr", "secret").getDeviceInformation(new GetDeviceInformation());
        assertThat(info.getManufacturer()).isEqualTo("camgate");
        assertThat(info.getSerialNumber()).isEqualTo(DeviceIdentity.forSite("onvif-test", "x").serialNumber());
        var nics = device("nvr", "secret").getNetworkInterfaces(new GetNetworkInterfaces()).getNetworkInterfaces();
        assertThat(nics.get(0).getInfo().getHwAddress()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    }

    @Test
    void unauthenticatedCallGets401WithDigestChallenge() throws Exception {
        HttpResponse<String> r = fixture.post(ServicePaths.DEVICE, OnvifFixture.envelope("",
                "<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Digest "));
        assertThat(r.body()).contains("NotAuthorized");
    }

    @Test
    void replayedNonceAndStaleTokensAreRefused() throws Exception {
        byte[] nonce = new byte[20];
        new SecureRandom().nextBytes(nonce);
        String header = OnvifFixture.securityHeader("nvr", "secret", Instant.now(), nonce);
        String body = "<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>";
        assertThat(fixture.post(ServicePaths.DEVICE, OnvifFixture.envelope(header, body)).statusCode()).isEqualTo(200);
        assertThat(fixture.post(ServicePaths.DEVICE, OnvifFixture.envelope(header, body)).statusCode()).isEqualTo(401);
        new SecureRandom().nextBytes(nonce);
        String old = OnvifFixture.securityHeader("nvr", "secret", Instant.now().minusSeconds(600), nonce);
        assertThat(fixture.post(ServicePaths.DEVICE, OnvifFixture.envelope(old, body)).statusCode()).isEqualTo(401);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(fixture.audit())
                .anyMatch(l -> l.contains("auth-failure") && l.contains("replayed")));
    }

    @Test
    void profilesDescribeEachVisibleCameraFromItsSdp() {
        // A camera not reached within the first lookup (a loaded machine) is described with what is known until it is.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> media("nvr", "secret")
                .getProfiles(new GetProfiles()).getProfiles().stream()
                .allMatch(p -> p.getVideoEncoderConfiguration().getResolution().getWidth() > 0));
        GetProfilesResponse r = media("nvr", "secret").getProfiles(new GetProfiles());
        assertThat(r.getProfiles()).extracting(Profile::getToken).containsExactly("entrance", "lobby");
        Profile lobby = r.getProfiles().get(1);
        var encoder = lobby.getVideoEncoderConfiguration();
        assertThat(encoder.getEncoding()).isEqualTo(VideoEncoding.H_264);
        assertThat(encoder.getResolution().getWidth()).isEqualTo(320);
        assertThat(encoder.getResolution().getHeight()).isEqualTo(240);
        assertThat(encoder.getRateControl().getFrameRateLimit()).isEqualTo(10);
        assertThat(encoder.getRateControl().getBitrateLimit()).isEqualTo(300);
        var sources = media("nvr", "secret").getVideoSources(new GetVideoSources()).getVideoSources();
        assertThat(sources).extracting(s -> s.getToken())
                .containsExactly(r.getProfiles().get(0).getVideoSourceConfiguration().getSourceToken(),
                        lobby.getVideoSourceConfiguration().getSourceToken());

        GetProfilesResponse guest = media("guest", "guest").getProfiles(new GetProfiles());
        assertThat(guest.getProfiles()).extracting(Profile::getToken).containsExactly("lobby");
        var media2 = fixture.client(Media2.class, ServicePaths.MEDIA2, "guest", "guest")
                .getProfiles(new org.camgate.onvif.wsdl.media2.GetProfiles());
        assertThat(media2.getProfiles()).hasSize(1);
        assertThat(media2.getProfiles().get(0).getConfigurations().getVideoEncoder().getResolution().getWidth()).isEqualTo(320);

        Media2 guest2 = fixture.client(Media2.class, ServicePaths.MEDIA2, "guest", "guest");
        var streamUri = new org.camgate.onvif.wsdl.media2.GetStreamUri();
        streamUri.setProtocol("RtspUnicast");
        streamUri.setProfileToken("lobby");
        assertThat(guest2.getStreamUri(streamUri).getUri())
                .isEqualTo("rtsp://127.0.0.1:" + fixture.gateway.rtspAddress().getPort() + "/lobby");
        streamUri.setProtocol("HTTP");
        assertThatThrownBy(() -> guest2.getStreamUri(streamUri)).hasMessageContaining("unsupported protocol HTTP");
        streamUri.setProtocol("RTSP");
        streamUri.setProfileToken("entrance");
        assertThatThrownBy(() -> guest2.getStreamUri(streamUri)).hasMessageContaining("no such profile");
    }

    @Test
    void streamUriPlaysThroughTheProxy() throws Exception {
        GetStreamUri request = new GetStreamUri();
        request.setProfileToken("entrance");
        StreamSetup setup = new StreamSetup();
        setup.setStream(StreamType.RTP_UNICAST);
        Transport transport = new Transport();
        transport.setProtocol(TransportProtocol.RTSP);
        setup.setTransport(transport);
        request.setStreamSetup(setup);
        String uri = media("nvr", "secret").getStreamUri(request).getMediaUri().getUri();
        assertThat(uri).isEqualTo("rtsp://127.0.0.1:" + fixture.gateway.rtspAddress().getPort() + "/entrance");
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(fixture.audit())
                .anyMatch(l -> l.contains("onvif-media-uri") && l.contains("entrance")));

        String withCredentials = uri.replace("rtsp://", "rtsp://nvr:secret@");
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(withCredentials)) {
            grabber.setOption("rtsp_transport", "tcp");
            grabber.setOption("timeout", "10000000");
            grabber.start();
            int images = 0;
            for (int i = 0; i < 40 && images < 5; i++) {
                Frame f = grabber.grabImage();
                if (f != null && f.image != null) {
                    images++;
                }
            }
            assertThat(images).isEqualTo(5);
            assertThat(grabber.getImageWidth()).isEqualTo(640);
        }

        GetStreamUri forbidden = new GetStreamUri();
        forbidden.setProfileToken("entrance");
        forbidden.setStreamSetup(setup);
        assertThatThrownBy(() -> media("guest", "guest").getStreamUri(forbidden))
                .isInstanceOf(jakarta.xml.ws.WebServiceException.class).hasMessageContaining("no such profile");
    }

    @Test
    void unknownOperationIsActionNotSupported() throws Exception {
        HttpResponse<String> r = fixture.post(ServicePaths.DEVICE, OnvifFixture.envelope("",
                "<SetHostname xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><Name>x</Name></SetHostname>"));
        assertThat(r.body()).contains("ActionNotSupported").contains("Receiver");
    }

    @Test
    void hostileXmlGetsAFault() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                + "<GetHostname xmlns=\"http://www.onvif.org/ver10/device/wsdl\">&x;</GetHostname></s:Body></s:Envelope>";
        HttpResponse<String> r = fixture.post(ServicePaths.DEVICE, xxe);
        assertThat(r.statusCode()).isBetween(400, 599);
        assertThat(r.body()).contains("Fault").doesNotContain("root:");

        String deep = "<a>".repeat(200) + "</a>".repeat(200);
        r = fixture.post(ServicePaths.DEVICE, OnvifFixture.envelope("",
                "<GetHostname xmlns=\"http://www.onvif.org/ver10/device/wsdl\">" + deep + "</GetHostname>"));
        assertThat(r.statusCode()).isBetween(400, 599);
        assertThat(r.body()).contains("Fault");

        String wide = "<x/>".repeat(5000);
        r = fixture.post(ServicePaths.DEVICE, OnvifFixture.envelope("",
                "<GetHostname xmlns=\"http://www.onvif.org/ver10/device/wsdl\">" + wide + "</GetHostname>"));
        assertThat(r.body()).contains("Fault");

        // Still serving afterwards.
        assertThat(device(null, null).getSystemDateAndTime(new GetSystemDateAndTime())).isNotNull();
    }
}
