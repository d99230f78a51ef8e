package org.camgate.cli;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The demo's simulated site ({@code demo-site.yaml}, a {@code camgate-sim} scenario) with the ports the demo chose:
 * the cameras' RTSP port and where each sensor sends (the gateway's sensor inputs). The result is the scenario file
 * the simulator process runs.
 */
final class DemoSite {
    private DemoSite() {
    }

    /**
     * @param scenario    the scenario text
     * @param cameraPort  the port the simulated cameras listen on (127.0.0.1)
     * @param sensorPorts the UDP port on 127.0.0.1 each sensor sends to, by sensor id; every sensor must have one
     */
    @SuppressWarnings("unchecked")
    static String withPorts(String scenario, int cameraPort, Map<String, Integer> sensorPorts) {
        Map<String, Object> site = new Yaml(new SafeConstructor(new LoaderOptions())).load(scenario);
        site.put("listen", "127.0.0.1:" + cameraPort);
        for (Map<String, Object> sensor : (List<Map<String, Object>>) site.getOrDefault("sensors", List.of())) {
            Integer port = sensorPorts.get(String.valueOf(sensor.get("id")));
            if (port == null) {
                throw new IllegalArgumentException("sensor " + sensor.get("id") + ": no port for it");
            }
            sensor.put("target", "udp://127.0.0.1:" + port);
        }
        DumperOptions style = new DumperOptions();
        style.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return "# camgate demo: demo-site.yaml with the ports of this run\n" + new Yaml(style).dump(site);
    }
}
