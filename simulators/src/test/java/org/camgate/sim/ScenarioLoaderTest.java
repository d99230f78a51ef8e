package org.camgate.sim;

import org.camgate.sim.camera.SimCameraConfig;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {

    @Test
    void shippedLabScenarioLoads() throws Exception {
        try (Reader reader = Files.newBufferedReader(Path.of("../conf/lab-cameras.yaml"))) {
            Scenario scenario = ScenarioLoader.load(reader);
            assertThat(scenario.host()).isEqualTo("127.0.0.1");
            assertThat(scenario.port()).isEqualTo(8555);
            assertThat(scenario.cameras()).hasSize(4);
            assertThat(scenario.cameras().get(0)).isEqualTo(SimCameraConfig.of("cam1"));
            assertThat(scenario.cameras().get(1)).isEqualTo(SimCameraConfig.of("entrance").withSize(1280, 720)
                    .withBitrateKbps(2000).withGopFrames(50).withAudio(true));
            assertThat(scenario.cameras().get(2).requiresAuth()).isTrue();
            assertThat(scenario.cameras().get(3).codec()).isEqualTo(org.camgate.protocol.rtp.NalCodec.H265);
        }
    }

    @Test
    void unknownKeysAreErrorsNamingKeyAndLine() {
        assertThatThrownBy(() -> ScenarioLoader.load("listen: 127.0.0.1:0\ncameras:\n  - path: a\n    colour: red\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("line 4: cameras[0].colour: unknown key (expected one of: audio, bitrateKbps, codec, fps, gop,"
                        + " height, password, path, username, width)");
        assertThatThrownBy(() -> ScenarioLoader.load("listen: 127.0.0.1:0\nport: 1\ncameras: [{path: a}]\n"))
                .hasMessage("line 2: port: unknown key (expected one of: cameras, listen)");
    }

    @Test
    void badValuesAreErrorsNamingKeyAndLine() {
        assertThatThrownBy(() -> ScenarioLoader.load("listen: localhost\ncameras: [{path: a}]\n"))
                .hasMessage("line 1: listen: 'localhost' (expected: host:port)");
        assertThatThrownBy(() -> ScenarioLoader.load("cameras:\n  - path: a\n    fps: fast\n"))
                .hasMessage("line 3: cameras[0].fps: 'fast' (expected: a whole number)");
        assertThatThrownBy(() -> ScenarioLoader.load("cameras:\n  - path: a\n    fps: 0\n"))
                .hasMessage("line 2: cameras[0]: fps: 0 (expected: 1-60)");
        assertThatThrownBy(() -> ScenarioLoader.load("cameras:\n  - width: 320\n"))
                .hasMessage("line 2: cameras[0].path: missing");
        assertThatThrownBy(() -> ScenarioLoader.load("listen: 127.0.0.1:1\n"))
                .hasMessage("line 1: cameras: missing or empty (expected: a list of cameras)");
    }
}
