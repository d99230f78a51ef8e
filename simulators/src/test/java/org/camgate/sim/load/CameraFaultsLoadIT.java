package org.camgate.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Faults and scale measured by the load readers: UDP packet loss, and a hundred cameras in one server. */
@ExtendWith(NettyLeakCheck.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraFaultsLoadIT {

    @Test
    void packetLossDropsThatFractionOfUdpPacketsAndNoneOverTcp() throws Exception {
        SimCameraServer camera = new SimCameraServer("127.0.0.1", 0, List.of(
                SimCameraConfig.of("lossy").withSize(320, 180), SimCameraConfig.of("clean").withSize(320, 180))).start();
        try {
            camera.packetLoss("lossy", 0.2, Duration.ofMinutes(1));
            LoadReport udp = measure(List.of(target(camera, "lossy")), true, 2500);
            LoadReport tcp = measure(List.of(target(camera, "lossy")), false, 1500);
            LoadReport otherCamera = measure(List.of(target(camera, "clean")), true, 1500);

            double lostFraction = (double) udp.lost() / (udp.packets() + udp.lost());
            assertThat(udp.playing()).isEqualTo(2);
            assertThat(lostFraction).as("about 20 % lost: " + udp.resultLine()).isBetween(0.08, 0.35);
            assertThat(tcp.lost()).isZero();
            assertThat(tcp.packets()).isGreaterThan(40);
            assertThat(otherCamera.lost()).isZero();
        } finally {
            camera.stop();
        }
    }

    @Test
    void aHundredCamerasShareOneEncodeAndEachServesItsOwnReader() throws Exception {
        List<SimCameraConfig> configs = IntStream.range(0, 100)
                .mapToObj(i -> SimCameraConfig.of("cam" + i).withSize(320, 180).withBitrateKbps(300)).toList();
        SimCameraServer cameras = new SimCameraServer("127.0.0.1", 0, configs).start();
        try {
            assertThat(cameras.encodedPictures()).isEqualTo(1);
            List<LoadTarget> targets = configs.stream().map(c -> target(cameras, c.path())).toList();
            LoadReport report = measure(targets, false, 2000, () -> {
                assertThat(cameras.connectionCount("cam0")).isEqualTo(1);
                assertThat(cameras.connectionCount("cam99")).isEqualTo(1);
            });
            assertThat(report.playing()).as(report.resultLine()).isEqualTo(100);
            assertThat(report.lost()).isZero();
            assertThat(report.worst().packets()).as("every camera delivers").isGreaterThan(20);
            for (String path : List.of("cam0", "cam57", "cam99")) {
                assertThat(decodedSizes(cameras.url(path))).as(path).containsOnly("320x180");
            }
        } finally {
            cameras.stop();
        }
    }

    /** Sizes of the first three pictures FFmpeg decodes from {@code url} over TCP. */
    private static List<String> decodedSizes(String url) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
            grabber.setOption("rtsp_transport", "tcp");
            grabber.setOption("timeout", "5000000");
            grabber.start();
            List<String> sizes = new ArrayList<>();
            for (int i = 0; i < 100 && sizes.size() < 3; i++) {
                Frame frame = grabber.grabImage();
                if (frame != null && frame.image != null) {
                    sizes.add(frame.imageWidth + "x" + frame.imageHeight);
                }
            }
            assertThat(sizes).hasSize(3);
            return sizes;
        }
    }

    private static LoadTarget target(SimCameraServer server, String path) {
        return LoadTarget.parse(server.url(path));
    }

    /** Two readers per target (one for many targets), measured for {@code millis} after all play. */
    private static LoadReport measure(List<LoadTarget> targets, boolean udp, long millis) throws Exception {
        return measure(targets, udp, millis, () -> { });
    }

    private static LoadReport measure(List<LoadTarget> targets, boolean udp, long millis, Runnable whilePlaying)
            throws Exception {
        LoadRun run = new LoadRun(targets, targets.size() == 1 ? 2 : 1, 50, Duration.ofSeconds(25), 1, udp);
        try {
            run.start();
            run.awaitPlaying(Duration.ofSeconds(30));
            Thread.sleep(300);
            List<ReaderSnapshot> start = run.snapshot();
            long t0 = System.nanoTime();
            Thread.sleep(millis);
            List<ReaderSnapshot> end = run.snapshot();
            whilePlaying.run();
            return new LoadReport(start, end, (System.nanoTime() - t0) / 1e9);
        } finally {
            run.stop();
        }
    }
}
