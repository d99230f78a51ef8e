package org.camgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.sim.site.SiteScenario;
import org.camgate.sim.site.SiteScenarioLoader;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

    @Test
    void embeddedDemoConfigurationAndSiteAgree() throws Exception {
        GatewayConfig config = ConfigLoader.parse(DemoCommand.resource("demo.yaml"), "demo.yaml", Map.of(
                "DEMO_RTSP_LISTEN", "127.0.0.1:8554", "DEMO_MQTT_LISTEN", "127.0.0.1:1883", "DEMO_ONVIF_LISTEN", "127.0.0.1:8080",
                "DEMO_CAMERA", "rtsp://127.0.0.1:9999",
                "DEMO_RADAR_PORT", "9101", "DEMO_LIDAR_PORT", "9102", "DEMO_THERMAL_PORT", "9103"));
        SiteScenario site = SiteScenarioLoader.parse(DemoCommand.resource("demo-site.yaml"), "demo-site.yaml");
        assertThat(config.cameras()).extracting(c -> c.id())
                .containsExactlyElementsOf(site.cameras().stream().map(c -> c.path()).toList());
        assertThat(config.cameras()).allSatisfy(c -> assertThat(c.purpose()).isNotBlank());
        assertThat(config.sensors()).extracting(s -> s.id())
                .containsExactlyElementsOf(site.sensors().stream().map(s -> s.id()).toList());
        assertThat(config.sensors()).as("the demo names its sensors' address").allSatisfy(s -> assertThat(s.allow()).isNotEmpty());
        assertThat(config.sensors()).as("all three sensor kinds").extracting(s -> s.type())
                .containsExactlyInAnyOrder("radar", "lidar", "thermal");
        assertThat(config.camera("entrance").orElseThrow().gate().triggers()).contains("sensor:lidar-1/door");
        assertThat(config.users()).allSatisfy(u -> assertThat(u.mayView("entrance")).isTrue());
        // The MQTT command identities are gateway users too: the access policy scopes their commands by camera.
        assertThat(config.mqtt().commandIdentities()).allSatisfy(id ->
                assertThat(config.users()).anySatisfy(u -> assertThat(u.name()).isEqualTo(id)));
    }

    @Test
    void theSiteTheSimulatorProcessRunsHasTheDemosPorts() throws Exception {
        String rendered = DemoSite.withPorts(DemoCommand.resource("demo-site.yaml"), 9999,
                Map.of("radar-1", 9101, "lidar-1", 9102, "thermal-1", 9103));
        SiteScenario site = SiteScenarioLoader.parse(rendered, "demo-site.yaml");
        SiteScenario original = SiteScenarioLoader.parse(DemoCommand.resource("demo-site.yaml"), "demo-site.yaml");
        assertThat(site.port()).isEqualTo(9999);
        assertThat(site.sensors()).extracting(s -> s.id() + " " + s.target().getHostString() + ":" + s.target().getPort())
                .containsExactly("radar-1 127.0.0.1:9101", "lidar-1 127.0.0.1:9102", "thermal-1 127.0.0.1:9103");
        assertThat(site.cameras()).extracting(c -> c.path() + " " + c.width() + "x" + c.height() + " " + c.audio())
                .containsExactlyElementsOf(original.cameras().stream()
                        .map(c -> c.path() + " " + c.width() + "x" + c.height() + " " + c.audio()).toList());
        assertThat(site.timeline().objects()).hasSameSizeAs(original.timeline().objects());
        assertThat(site.timeline().brightness()).containsOnlyKeys(original.timeline().brightness().keySet());
        assertThat(site.duration()).isEqualTo(original.duration());
        assertThat(site.loop()).isTrue();
    }
}
