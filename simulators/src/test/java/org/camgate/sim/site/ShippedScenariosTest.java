package org.camgate.sim.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.sim.camera.SimCameraConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario shipped in conf/scenarios/ is valid. */
class ShippedScenariosTest {
    private static final Path CONF = Path.of("../conf/scenarios");

    static List<Path> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(CONF)) {
            // Everything in conf/scenarios/ is a scenario (gateway configurations live in conf/gateway/).
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void loads(Path file) throws IOException {
        SiteScenario scenario = SiteScenarioLoader.load(file);
        assertThat(scenario.cameras().size() + scenario.sensors().size()).isPositive();
    }

    @Test
    void thereAreTheExampleSites() throws IOException {
        assertThat(scenarios()).extracting(p -> p.getFileName().toString())
                .contains("scenario-school-night.yaml", "scenario-parking-garage.yaml", "scenario-fire.yaml");
    }

    @Test
    void labCamerasAreAsDocumented() throws IOException {
        SiteScenario scenario = SiteScenarioLoader.load(CONF.resolve("lab-cameras.yaml"));
        assertThat(scenario.host()).isEqualTo("127.0.0.1");
        assertThat(scenario.port()).isEqualTo(8555);
        assertThat(scenario.cameras()).hasSize(4);
        assertThat(scenario.cameras().get(0)).isEqualTo(SimCameraConfig.of("cam1"));
        assertThat(scenario.cameras().get(1)).isEqualTo(SimCameraConfig.of("entrance").withSize(1280, 720)
                .withBitrateKbps(2000).withGopFrames(50).withAudio(true));
        assertThat(scenario.cameras().get(2).requiresAuth()).isTrue();
        assertThat(scenario.cameras().get(3).codec()).isEqualTo(NalCodec.H265);
    }
}
