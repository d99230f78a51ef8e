package org.camgate.sim.camera;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimCameraServerIT {
    static {
        LeakCounter.install();
    }

    private static SimCameraServer server;

    @BeforeAll
    static void startCameras() {
        server = new SimCameraServer("127.0.0.1", 0, List.of(
                SimCameraConfig.of("cam1"),
                SimCameraConfig.of("cam2").withSize(320, 240).withFps(10).withGopFrames(10).withAudio(true),
                SimCameraConfig.of("secure").withSize(320, 180).withCredentials("admin", "s3cret"),
                SimCameraConfig.of("hevc").withSize(320, 180).withCodec(org.camgate.protocol.rtp.NalCodec.H265))).start();
    }

    @AfterAll
    static void stopCameras() {
        server.stop();
        assertThat(LeakCounter.leaks()).isEmpty();
    }

    @Test
    void eachDistinctPictureIsEncodedOnce() {
        assertThat(server.encodedPictures()).isEqualTo(4);
    }

    @Test
    void framesDecodeAtTheConfiguredSizeOverTcp() throws Exception {
        assertThat(grabVideo(server.url("cam1"), "tcp", 10)).containsOnly("640x360");
    }

    @Test
    void h265FramesDecode() throws Exception {
        try (FFmpegFrameGrabber grabber = grabber(server.url("hevc"), "tcp")) {
            grabber.start();
            assertThat(grabber.getVideoCodecName()).isEqualTo("hevc");
        }
        assertThat(grabVideo(server.url("hevc"), "udp", 10)).containsOnly("320x180");
    }

    @Test
    void framesDecodeAtTheConfiguredSizeOverUdp() throws Exception {
        assertThat(grabVideo(server.url("cam1"), "udp", 10)).containsOnly("640x360");
    }

    @Test
    void audioTrackIsPresentOnlyWhenEnabled() throws Exception {
        try (FFmpegFrameGrabber grabber = grabber(server.url("cam2"), "tcp")) {
            grabber.start();
            assertThat(grabber.hasAudio()).isTrue();
            assertThat(grabber.getAudioCodecName()).isEqualTo("pcm_mulaw");
            assertThat(grabber.getSampleRate()).isEqualTo(8000);
            Frame audio = null;
            for (int i = 0; i < 200 && audio == null; i++) {
                Frame f = grabber.grabSamples();
                audio = f != null && f.samples != null ? f : null;
            }
            assertThat(audio).isNotNull();
        }
        try (FFmpegFrameGrabber grabber = grabber(server.url("cam1"), "tcp")) {
            grabber.start();
            assertThat(grabber.hasAudio()).isFalse();
            assertThat(grabber.hasVideo()).isTrue();
        }
    }

    @Test
    void twoClientsAtOnce() throws Exception {
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> grabUnchecked("cam1", "tcp"));
        CompletableFuture<List<String>> second = CompletableFuture.supplyAsync(() -> grabUnchecked("cam1", "udp"));
        assertThat(first.get(30, TimeUnit.SECONDS)).containsOnly("640x360");
        assertThat(second.get(30, TimeUnit.SECONDS)).containsOnly("640x360");
    }

    @Test
    void credentialsAreRequiredWhenConfigured() throws Exception {
        assertThatThrownBy(() -> grabVideo(server.url("secure"), "tcp", 1))
                .isInstanceOf(FFmpegFrameGrabber.Exception.class);
        try (RawRtspClient client = new RawRtspClient("127.0.0.1", server.port())) {
            var refused = client.request(io.netty.handler.codec.rtsp.RtspMethods.DESCRIBE, server.url("secure"));
            assertThat(refused.status().code()).isEqualTo(401);
            assertThat(refused.headers().getAll("WWW-Authenticate"))
                    .anySatisfy(c -> assertThat(c).startsWith("Digest realm=\"camgate-sim\"").contains("MD5"));
            refused.release();
        }
        assertThatThrownBy(() -> grabVideo(server.url("secure").replace("rtsp://", "rtsp://admin:wrong@"), "tcp", 1))
                .isInstanceOf(FFmpegFrameGrabber.Exception.class);
        String withCredentials = server.url("secure").replace("rtsp://", "rtsp://admin:s3cret@");
        assertThat(grabVideo(withCredentials, "tcp", 3)).containsOnly("320x180");
    }

    @Test
    void unknownPathIsRefused() {
        assertThatThrownBy(() -> grabVideo(server.url("cam1") + "nope", "tcp", 1))
                .isInstanceOf(FFmpegFrameGrabber.Exception.class);
    }

    static List<String> grabUnchecked(String path, String transport) {
        try {
            return grabVideo(server.url(path), transport, 10);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sizes of the first {@code count} decoded video frames. */
    static List<String> grabVideo(String url, String transport, int count) throws Exception {
        try (FFmpegFrameGrabber grabber = grabber(url, transport)) {
            grabber.start();
            List<String> sizes = new java.util.ArrayList<>();
            for (int i = 0; i < 200 && sizes.size() < count; i++) {
                Frame frame = grabber.grabImage();
                if (frame != null && frame.image != null) {
                    sizes.add(frame.imageWidth + "x" + frame.imageHeight);
                }
            }
            assertThat(sizes).hasSize(count);
            return sizes;
        }
    }

    static FFmpegFrameGrabber grabber(String url, String transport) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
        grabber.setOption("rtsp_transport", transport);
        grabber.setOption("timeout", "5000000");
        return grabber;
    }
}
