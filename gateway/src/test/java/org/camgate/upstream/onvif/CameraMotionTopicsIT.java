package org.camgate.upstream.onvif;

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

/**
 * Simulated ONVIF cameras that raise motion the way some real devices do: one only on
 * {@code tns1:RuleEngine/MotionRegionDetector/Motion} (State), one only on subscriptions that carry a topic filter.
 * Both open their gates (the gateway reads the topic and subscribes with a filter by default); the same
 * filter-only camera with {@code topicFilter: false} stays silent, which shows the filter is what makes it work.
 */
class CameraMotionTopicsIT {
    @Test
    void motionRegionAndFilterOnlyCamerasOpenTheirGates(@TempDir Path dir) throws Exception {
        ScriptedScene scene = ScriptedScene.builder().still(1.5).object(3, 50).still(120).build();
        SimCameraServer rtsp = new SimCameraServer("127.0.0.1", 0, List.of(
                new SimCameraConfig("cam", 160, 90, 5, 100, 5, false, null, null, scene))).start();
        SimOnvifCamera region = new SimOnvifCamera(SimOnvifConfig.of("cam")
                .withMotionTopics(SimOnvifConfig.MotionTopics.MOTION_REGION, false), rtsp).start();
        SimOnvifCamera filtered = new SimOnvifCamera(SimOnvifConfig.of("cam")
                .withMotionTopics(SimOnvifConfig.MotionTopics.ALARM_AND_CELL, true), rtsp).start();
        String yaml = """
                site: test
                onvif:
                  listen: 127.0.0.1:0
                mqtt:
                  broker: tcp://127.0.0.1:1
                  outbox: { dir: "${AUDIT}-outbox" }
                rtsp:
                  listen: 127.0.0.1:0
                audit:
                  file: ${AUDIT}
                cameras:
                  - id: region
                    purpose: test
                    source: { onvif: { url: "${REGION}" } }
                    gate: { mode: triggers, triggers: [camera-motion], postRoll: 0s }
                  - id: filtered
                    purpose: test
                    source: { onvif: { url: "${FILTERED}" } }
                    gate: { mode: triggers, triggers: [camera-motion], postRoll: 0s }
                  - id: unfiltered
                    purpose: test
                    source: { onvif: { url: "${FILTERED}", topicFilter: false } }
                    gate: { mode: triggers, triggers: [camera-motion], postRoll: 0s }
                """;
        GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of("REGION", region.deviceUrl(),
                "FILTERED", filtered.deviceUrl(), "AUDIT", dir.resolve("audit.log").toString()));
        Gateway gateway = new Gateway(config);
        List<Event> events = new CopyOnWriteArrayList<>();
        gateway.events().subscribe(e -> {
            if (e.event().equals("camera-motion") || e.event().equals("gate")) {
                events.add(e);
            }
        });
        gateway.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> gates(events, "region", "end") && gates(events, "filtered", "end"));
            for (String camera : List.of("region", "filtered")) {
                assertThat(events.stream().filter(e -> e.source().id().equals(camera)))
                        .extracting(e -> e.event() + " " + e.state().wire())
                        .containsExactly("camera-motion start", "gate start", "camera-motion end", "gate end");
            }
            assertThat(events.get(0).data()).containsKey("topic");
            assertThat(events.stream().filter(e -> e.source().id().equals("region") && e.event().equals("camera-motion"))
                    .findFirst().orElseThrow().data()).containsEntry("topic", "tns1:RuleEngine/MotionRegionDetector/Motion");
            assertThat(events).as("without a filter the filter-only camera says nothing")
                    .noneMatch(e -> e.source().id().equals("unfiltered"));
            assertThat(gateway.status().snapshot().get("onvifCameras")).asList().hasSize(3)
                    .allSatisfy(c -> {
                        Map<?, ?> m = (Map<?, ?>) c;
                        assertThat(m.get("eventsSubscribed")).isEqualTo(true);
                        assertThat(m.get("unknownTopics")).isEqualTo(0L);
                    });
        } finally {
            gateway.stop();
            region.stop();
            filtered.stop();
            rtsp.stop();
        }
    }

    private static boolean gates(List<Event> events, String camera, String state) {
        return events.stream().anyMatch(e -> e.source().id().equals(camera) && e.event().equals("gate")
                && e.state().wire().equals(state));
    }
}
