package org.camgate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.onvif.SimOnvifCamera;
import org.camgate.sim.onvif.SimOnvifConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONVIF cameras (simulated) added and removed by a reload: the added one is resolved, subscribed and playable. */
class OnvifCameraReloadIT {
    private static final String CONFIG = """
            site: test
            rtsp: { listen: 127.0.0.1:0, udp: { enabled: false } }
            onvif: { listen: 127.0.0.1:0 }
            audit: { file: "${DIR}/audit.log" }
            mqtt: { broker: "tcp://127.0.0.1:1", outbox: { dir: "${DIR}/outbox" } }
            users:
              - { name: nvr, password: secret, cameras: ["*"] }
            cameras:
              - id: %1$s
                purpose: Prevent theft at the entrance
                source: { onvif: { url: "${%2$s}" } }
            """;

    @TempDir
    Path dir;

    @Test
    void anOnvifCameraRemovedAndAnotherAddedByAReload() throws Exception {
        SimCameraServer rtsp = new SimCameraServer("127.0.0.1", 0, List.of(SimCameraConfig.of("cam-x"),
                SimCameraConfig.of("cam-y"))).start();
        SimOnvifCamera x = new SimOnvifCamera(SimOnvifConfig.of("cam-x"), rtsp).start();
        SimOnvifCamera y = new SimOnvifCamera(SimOnvifConfig.of("cam-y"), rtsp).start();
        Map<String, String> variables = Map.of("X", x.deviceUrl(), "Y", y.deviceUrl(), "DIR", dir.toString());
        Path file = dir.resolve("camgate.yaml");
        Files.writeString(file, CONFIG.formatted("x", "X"));
        Gateway gateway = new Gateway(ConfigLoader.load(file, variables));
        gateway.start();
        try {
            assertThat(images(gateway, "x")).isEqualTo(10);

            Files.writeString(file, CONFIG.formatted("y", "Y"));
            ReloadStatus.Attempt attempt = gateway.reloader(file, variables).reload("test");

            assertThat(attempt.result()).isEqualTo(ReloadStatus.Result.APPLIED);
            assertThat(attempt.changed()).containsExactly("cameras added: y", "cameras removed: x");
            assertThat(images(gateway, "y")).isEqualTo(10);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(gateway.status().snapshot().get("onvifCameras")).asList().singleElement()
                            .satisfies(c -> {
                                Map<?, ?> m = (Map<?, ?>) c;
                                assertThat(m.get("id")).isEqualTo("y");
                                assertThat(m.get("eventsSubscribed")).isEqualTo(true);
                            }));
        } finally {
            gateway.stop();
            x.stop();
            y.stop();
            rtsp.stop();
        }
    }

    private static int images(Gateway gateway, String camera) throws Exception {
        try (FFmpegFrameGrabber grabber = ReloadIT.grabber("rtsp://nvr:secret@127.0.0.1:"
                + gateway.rtspAddress().getPort() + "/" + camera)) {
            grabber.start();
            int images = 0;
            for (int i = 0; i < 40 && images < 10; i++) {
                Frame frame = grabber.grabImage();
                if (frame != null && frame.image != null) {
                    images++;
                }
            }
            return images;
        }
    }
}
