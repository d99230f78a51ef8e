package org.camgate.sim.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.camgate.protocol.rtp.NalCodec;
import org.junit.jupiter.api.Test;

class SiteScenarioLoaderTest {
    private static final String SITE = """
            site: yard-night
            listen: 127.0.0.1:0
            duration: 30s
            cameras:
              - path: yard
                width: 320
                height: 180
                view: [0, 0, 20, 10]
              - path: gate
                codec: h265
            sensors:
              - id: radar-1
                type: radar
                target: udp://127.0.0.1:9101
                position: [0, 5]
            objects:
              - id: intruder
                kind: person
                path:
                  - { at: 5s, x: -1, y: 5 }
                  - { at: 10s, x: 9, y: 5 }
                  - { at: 20s, x: 9, y: 5 }
                  - { at: 25s, x: 21, y: 5 }
            timeline:
              - at: 12s
                brightness: { camera: yard, delta: 40 }
              - at: 15s
                reboot: { camera: gate, for: 3s }
              - at: 16s
                silence: { sensor: radar-1, for: 4s }
            """;

    @Test
    void readsCamerasSensorsObjectsAndTimeline() {
        SiteScenario s = SiteScenarioLoader.parse(SITE, "site.yaml");
        assertThat(s.site()).isEqualTo("yard-night");
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.loop()).isTrue();
        assertThat(s.cameras()).hasSize(2);
        assertThat(s.cameras().get(0).scene()).isInstanceOf(SiteCameraScene.class);
        assertThat(s.cameras().get(1).scene()).isNull();
        assertThat(s.cameras().get(1).codec()).isEqualTo(NalCodec.H265);
        assertThat(s.sensors()).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("radar");
            assertThat(r.target().getPort()).isEqualTo(9101);
            assertThat(r.y()).isEqualTo(5);
        });
        assertThat(s.faults()).extracting(Fault::action).containsExactly("reboot", "silence");
        assertThat(s.timeline().brightnessAt("yard", 11)).isZero();
        assertThat(s.timeline().brightnessAt("yard", 12)).isEqualTo(40);
    }

    @Test
    void objectsMoveAlongTheirPathAndCamerasSeeThemOnlyInTheirView() {
        SiteScenario s = SiteScenarioLoader.parse(SITE, "site.yaml");
        SiteObject.State at = s.timeline().objectsAt(7.5).get(0);
        assertThat(at.x()).isEqualTo(4.0);
        assertThat(at.vx()).isEqualTo(2.0);
        assertThat(s.timeline().objectsAt(4)).isEmpty();
        assertThat(s.timeline().objectsAt(26)).isEmpty();
        SiteCameraScene yard = (SiteCameraScene) s.cameras().get(0).scene();
        assertThat(yard.motionAt(4)).isFalse();
        assertThat(yard.motionAt(6)).isTrue();
        assertThat(yard.motionAt(15)).isTrue();
        assertThat(yard.motionAt(24.9)).isFalse(); // at x = 20.8, outside the view
        assertThat(yard.motionAt(30 + 6)).isTrue(); // the timeline loops
    }

    @Test
    void everyProblemIsReportedWithPathAndLine() {
        ScenarioProblems p = catchThrowableOfType(ScenarioProblems.class, () -> SiteScenarioLoader.parse("""
                duration: 20s
                colour: red
                cameras:
                  - path: yard
                    fps: 0
                    view: [0, 0, 10]
                  - path: yard
                sensors:
                  - id: t1
                    type: thermal
                    target: tcp://127.0.0.1:1
                objects:
                  - id: car
                    kind: bus
                    path:
                      - { at: 5s, x: 0, y: 0 }
                timeline:
                  - at: 25s
                    reboot: { camera: nope, for: 2s }
                  - at: 1s
                    stall: { camera: yard }
                    silence: { sensor: t1, for: 1s }
                """, "bad.yaml"));
        assertThat(p.problems()).containsExactly(
                "colour (line 2): unknown key; expected one of: cameras, duration, listen, loop, objects, onvif, sensors, site, timeline",
                "cameras[0].fps (line 5): \"0\": out of range (expected: 1 to 60)",
                "cameras[0].view (line 6): expected [x0, y0, x1, y1] in site metres",
                "cameras[1].path (line 7): duplicate camera path \"yard\"",
                "sensors[0].view (line 9): required for a thermal sensor: [x0, y0, x1, y1], the ground its pixels cover",
                "sensors[0].target (line 11): \"tcp://127.0.0.1:1\": expected udp://host:port, e.g. udp://127.0.0.1:9101",
                "objects[0].kind (line 14): \"bus\": unknown kind (expected: person or car)",
                "objects[0].path (line 15): path: 1 waypoint(s) (expected: at least 2)",
                "timeline[0].at (line 18): is past the end of the timeline (duration 20.0s)",
                "timeline[0].reboot.camera (line 19): unknown camera \"nope\" (cameras: yard)",
                "timeline[1] (line 20): expected exactly one of: brightness, credentials, fire, garbage, junk, loss, noise, "
                        + "reboot, silence, stall (found: silence, stall)");
    }

    @Test
    void theOldCameraOnlyFormatStillLoads() {
        SiteScenario s = SiteScenarioLoader.parse("""
                listen: 127.0.0.1:8555
                cameras:
                  - path: cam1
                """, "lab.yaml");
        assertThat(s.cameras()).hasSize(1);
        assertThat(s.duration()).isZero();
    }
}
