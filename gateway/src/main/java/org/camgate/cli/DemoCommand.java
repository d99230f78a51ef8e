package org.camgate.cli;

import org.camgate.Gateway;
import org.camgate.config.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.sensor.Faults;
import org.camgate.sim.sensor.Scenarios;
import org.camgate.sim.sensor.SensorKind;
import org.camgate.sim.sensor.SensorSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code camgate demo}: the gateway on its embedded demo configuration, in front of a simulated
 * camera (with an audio track, which the gateway strips) and simulated radar, LiDAR and thermal sensors
 * looping their scenes, all in this process.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the gateway with a simulated camera, all in one process, and print what to try.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--rtsp-listen", defaultValue = "127.0.0.1:8554", paramLabel = "HOST:PORT",
            description = "where readers connect (default: ${DEFAULT-VALUE})")
    String rtspListen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimCameraServer camera = new SimCameraServer("127.0.0.1", 0,
                List.of(SimCameraConfig.of("entrance").withSize(1280, 720).withBitrateKbps(2000).withAudio(true)));
        camera.start();
        GatewayConfig config;
        try {
            config = ConfigLoader.parse(demoYaml(), "demo.yaml", Map.of(
                    "DEMO_RTSP_LISTEN", rtspListen,
                    "DEMO_CAMERA", "rtsp://127.0.0.1:" + camera.port()));
        } catch (ConfigException e) {
            camera.stop();
            err.println("camgate demo: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        Gateway gateway = new Gateway(config);
        List<SensorSimulator> sensors = new ArrayList<>();
        Runnable stopAll = () -> {
            sensors.forEach(SensorSimulator::stop);
            camera.stop();
        };
        return RunCommand.runUntilStopped(gateway, out, err, stopAll, () -> {
            gateway.events().subscribe(e -> {
                if (e.source().isSensor()) {
                    out.println("  event      sensor/" + e.source().id() + "/" + e.event() + " " + e.state().wire()
                            + (e.zone() == null ? "" : " zone " + e.zone()) + " " + e.data());
                    out.flush();
                }
            });
            startSensors(gateway, sensors);
            String url = "rtsp://demo:demo@" + Gateway.hostPort(gateway.rtspAddress()) + "/entrance";
            out.println();
            out.println("camgate demo (site \"demo\"): one simulated camera and four simulated sensors behind the gateway");
            out.println("  RTSP       " + url);
            out.println("  try        ffplay -rtsp_transport tcp " + url);
            out.println("             ffprobe " + url + "   (video only: the camera's audio is stripped)");
            for (SensorSimulator sim : sensors) {
                out.println("  sensor     " + sim.scenario().kind().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + sim.scenario().name() + " -> events sensor/<id>/<event> on the gateway's event bus");
            }
            String mqtt = gateway.mqtt().embeddedUri();
            out.println("  MQTT       " + mqtt + "   (embedded broker; anyone on loopback may subscribe)");
            out.println("  try        mosquitto_sub -L '" + mqtt.replace("tcp://", "mqtt://") + "/"
                    + config.mqtt().topicPrefix() + "/" + config.site() + "/#' -v");
            out.println("  audit log  " + config.audit().file().toAbsolutePath());
            out.println("Stop with Ctrl-C.");
        });
    }

    /** One looping simulator per demo sensor, sending to the port the gateway bound for it. */
    private static void startSensors(Gateway gateway, List<SensorSimulator> sensors) {
        String[][] demo = {{"radar-1", "RADAR", "person-dwell"}, {"radar-2", "RADAR", "car-speeding"},
                {"lidar-1", "LIDAR", "person-dwell"}, {"thermal-1", "THERMAL", "fire-grows"}};
        for (String[] d : demo) {
            SensorSimulator sim = new SensorSimulator(Scenarios.of(SensorKind.valueOf(d[1]), d[2]), Faults.NONE, true);
            sim.start(gateway.sensors().address(d[0]));
            sensors.add(sim);
        }
    }

    private static String demoYaml() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo.yaml")) {
            if (in == null) {
                throw new IOException("demo.yaml missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
