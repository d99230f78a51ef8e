package org.camgate.rtsp;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.sim.camera.SimCameraConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real readers (FFmpeg through JavaCV) through the gateway to a simulated camera. */
@ExtendWith(NettyLeakCheck.class)
class RtspProxyIT {
    @TempDir
    static Path dir;
    static GatewayFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new GatewayFixture(dir, List.of(
                        SimCameraConfig.of("cam1").withAudio(true),
                        SimCameraConfig.of("cam2"),
                        SimCameraConfig.of("cam3").withSize(320, 180).withCodec(NalCodec.H265)),
                GatewayFixture.yaml("""
                          - id: entrance
                            purpose: Prevent theft at the main entrance
                            source: ${CAMERA}/cam1
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam1
                            audio: keep
                          - id: yard
                            purpose: Vehicle theft in the yard
                            source: ${CAMERA}/cam2
                            transport: udp
                          - id: garage
                            purpose: Vehicle theft in the garage
                            source: ${CAMERA}/cam3
                        """, ""));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static FFmpegFrameGrabber grabber(String url, String transport) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
        grabber.setOption("rtsp_transport", transport);
        grabber.setOption("timeout", "10000000");
        return grabber;
    }

    static int decodeImages(FFmpegFrameGrabber grabber, int wanted) throws Exception {
        int images = 0;
        for (int i = 0; i < wanted * 4 && images < wanted; i++) {
            Frame frame = grabber.grabImage();
            if (frame != null && frame.image != null) {
                images++;
            }
        }
        return images;
    }

    @Test
    void tcpReaderDecodesVideoAndGetsNoAudio() throws Exception {
        try (FFmpegFrameGrabber grabber = grabber(fixture.url("nvr", "secret", "entrance"), "tcp")) {
            grabber.start();
            assertThat(grabber.getImageWidth()).isEqualTo(640);
            assertThat(grabber.getImageHeight()).isEqualTo(360);
            assertThat(grabber.getAudioChannels()).isZero();
            assertThat(decodeImages(grabber, 25)).isEqualTo(25);
        }
    }

    @Test
    void audioIsForwardedOnlyWhenTheCameraKeepsIt() throws Exception {
        try (FFmpegFrameGrabber grabber = grabber(fixture.url("nvr", "secret", "lobby"), "tcp")) {
            grabber.start();
            assertThat(grabber.getAudioChannels()).isEqualTo(1);
            assertThat(grabber.getAudioCodecName()).isEqualTo("pcm_mulaw");
            int samples = 0;
            for (int i = 0; i < 200 && samples == 0; i++) {
                Frame frame = grabber.grab();
                if (frame != null && frame.samples != null) {
                    samples++;
                }
            }
            assertThat(samples).isPositive();
        }
    }

    @Test
    void cameraPulledOverUdpIsServedToTcpReaders() throws Exception {
        try (FFmpegFrameGrabber grabber = grabber(fixture.url("nvr", "secret", "yard"), "tcp")) {
            grabber.start();
            assertThat(grabber.getImageWidth()).isEqualTo(640);
            assertThat(decodeImages(grabber, 25)).isEqualTo(25);
        }
    }

    @Test
    void severalReadersShareOneCameraSession() throws Exception {
        try (FFmpegFrameGrabber a = grabber(fixture.url("nvr", "secret", "entrance"), "tcp");
             FFmpegFrameGrabber b = grabber(fixture.url("nvr", "secret", "entrance"), "udp")) {
            a.start();
            b.start();
            assertThat(decodeImages(a, 10)).isEqualTo(10);
            assertThat(decodeImages(b, 10)).isEqualTo(10);
            // The simulated camera serves the gateway's single session, not one per reader.
            // Every camera is connected from start: cam1 serves the sessions of entrance and lobby, no more.
            assertThat(fixture.cameras.connectionCount("cam1")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void h265IsPassedThroughAndDecodes(String transport) throws Exception {
        try (FFmpegFrameGrabber grabber = grabber(fixture.url("nvr", "secret", "garage"), transport)) {
            grabber.start();
            assertThat(grabber.getVideoCodecName()).isEqualTo("hevc");
            assertThat(grabber.getImageWidth()).isEqualTo(320);
            assertThat(decodeImages(grabber, 25)).isEqualTo(25);
        }
    }

    @Test
    void udpReaderDecodesVideo() throws Exception {
        try (FFmpegFrameGrabber grabber = grabber(fixture.url("nvr", "secret", "entrance"), "udp")) {
            grabber.start();
            assertThat(grabber.getImageWidth()).isEqualTo(640);
            assertThat(decodeImages(grabber, 25)).isEqualTo(25);
        }
    }
}
