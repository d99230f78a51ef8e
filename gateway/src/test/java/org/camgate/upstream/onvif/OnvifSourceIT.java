package org.camgate.upstream.onvif;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.sim.camera.ScriptedScene;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.onvif.SimOnvifCamera;
import org.camgate.sim.onvif.SimOnvifConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A camera added to the gateway by ONVIF address only: the gateway reads the simulated camera's stream URI over
 * ONVIF (its clock 90 minutes off), pulls the video with the ONVIF credentials, and the camera's motion events,
 * which follow its scripted scene, open the gate configured with {@code triggers: [camera-motion]}: a reader
 * (FFmpeg) gets video through the RTSP proxy while it is open.
 */
class OnvifSourceIT {
    private static final double MOTION_FROM = 5;
    private static final double MOTION_SECONDS = 4;

    @Test
    void cameraAddedByOnvifAddressPlaysAndItsMotionOpensTheGate(@TempDir Path dir) throws Exception {
        ScriptedScene scene = ScriptedScene.builder().still(MOTION_FROM).object(MOTION_SECONDS, 50).still(120).build();
        SimCameraServer rtsp = new SimCameraServer("127.0.0.1", 0, List.of(
                new SimCameraConfig("door", 320, 180, 10, 300, 10, false, "admin", "pw", scene))).start();
        SimOnvifCamera device = new SimOnvifCamera(SimOnvifConfig.of("door").withCredentials("admin", "pw")
                .withClockOffset(Duration.ofMinutes(90)), rtsp).start();
        String yaml = """
                site: test
                onvif:
                  listen: 127.0.0.1:0
                mqtt:
                  broker: tcp://127.0.0.1:1
                  outbox: { dir: "${AUDIT}-outbox" }
                rtsp:
                  listen: 127.0.0.1:0
                  reconnectMin: 200ms
                  reconnectMax: 1s
                audit:
                  file: ${AUDIT}
                users:
                  - name: nvr
                    password: secret
                    cameras: ["*"]
                cameras:
                  - id: door
                    purpose: test
                    source: { onvif: { url: "${ONVIF}", username: admin, password: pw } }
                    gate: { mode: triggers, triggers: [camera-motion], preRoll: 1s, postRoll: 1s }
                """;
        GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml",
                Map.of("ONVIF", device.deviceUrl(), "AUDIT", dir.resolve("audit.log").toString()));
        Gateway gateway = new Gateway(config);
        List<Event> events = new CopyOnWriteArrayList<>();
        gateway.events().subscribe(e -> {
            if (e.event().equals("camera-motion") || e.event().equals("gate")) {
                events.add(e);
            }
        });
        gateway.start();
        try {
            String url = "rtsp://nvr:secret@127.0.0.1:" + gateway.rtspAddress().getPort() + "/door";
            // The gate is shut until the camera reports motion: the reader connects once it has.
            await().atMost(Duration.ofSeconds(20)).until(() -> !events.isEmpty());
            assertThat(rtsp.elapsedSeconds()).as("the camera's motion, not earlier").isGreaterThan(MOTION_FROM - 0.5);
            int images = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                int got = 0;
                try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
                    grabber.setOption("rtsp_transport", "tcp");
                    grabber.setOption("timeout", "10000000");
                    grabber.start();
                    assertThat(grabber.getImageWidth()).isEqualTo(320);
                    for (int i = 0; i < 60 && got < 10; i++) {
                        Frame frame = grabber.grabImage();
                        if (frame != null && frame.image != null) {
                            got++;
                        }
                    }
                }
                return got;
            });
            assertThat(images).isEqualTo(10);

            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 4);
            assertThat(events).extracting(e -> e.event() + " " + e.state().wire())
                    .containsExactly("camera-motion start", "gate start", "camera-motion end", "gate end");
            double startedAt = Duration.between(events.get(0).time(), events.get(2).time()).toMillis() / 1000.0;
            assertThat(startedAt).as("camera motion lasted as scripted").isBetween(MOTION_SECONDS - 1, MOTION_SECONDS + 1);
            assertThat(device.liveSubscriptions()).isEqualTo(1);
            assertThat(gateway.status().snapshot().get("onvifCameras")).asList().singleElement()
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("id", "door").containsEntry("eventsSubscribed", true).containsEntry("eventFailures", 0);
            assertThat(device.refusedCalls()).as("UsernameTokens carried the camera's clock").isZero();
        } finally {
            gateway.stop();
        }
        assertThat(device.liveSubscriptions()).as("unsubscribed on stop").isZero();
        device.stop();
        rtsp.stop();
    }
}
