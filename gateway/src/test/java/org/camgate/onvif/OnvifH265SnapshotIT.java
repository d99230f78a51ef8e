package org.camgate.onvif;

import org.camgate.onvif.wsdl.media.GetSnapshotUri;
import org.camgate.onvif.wsdl.media.Media;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots of an H.265 camera: its keyframe depacketized (RFC 7798), decoded with FFmpeg's hevc decoder, JPEG. */
@ExtendWith(NettyLeakCheck.class)
class OnvifH265SnapshotIT {
    @TempDir
    static Path dir;
    static OnvifFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new OnvifFixture(dir, List.of(SimCameraConfig.of("cam1").withSize(320, 180).withCodec(NalCodec.H265)),
                """
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam1
                        """, "");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void snapshotOfAnH265CameraIsAJpegOfItsSize() throws Exception {
        GetSnapshotUri request = new GetSnapshotUri();
        request.setProfileToken("lobby");
        String uri = fixture.client(Media.class, ServicePaths.MEDIA, "nvr", "secret").getSnapshotUri(request)
                .getMediaUri().getUri();
        assertThat(uri).isEqualTo(fixture.base() + "/onvif/snapshot/lobby.jpg");

        HttpResponse<byte[]> r = fixture.getWithDigest(uri, "nvr", "secret");
        assertThat(r.statusCode()).as(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(180);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(fixture.audit())
                .anyMatch(l -> l.contains("\"event\":\"snapshot\"") && l.contains("lobby")));
    }
}
