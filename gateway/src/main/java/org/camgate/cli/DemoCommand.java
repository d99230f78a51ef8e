package org.camgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.camgate.Gateway;
import org.camgate.config.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.sim.site.SiteRunner;
import org.camgate.sim.site.SiteScenario;
import org.camgate.sim.site.SiteScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camgate demo}: the gateway with its embedded MQTT broker in front of a simulated site (a school at night:
 * two cameras, a radar and a thermal sensor following one timeline), all in this process, printing what to open
 * and every event as it happens.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the gateway in front of a simulated site, all in one process, and print what to try.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--rtsp-listen", defaultValue = "127.0.0.1:8554", paramLabel = "HOST:PORT",
            description = "where readers connect (default: ${DEFAULT-VALUE})")
    String rtspListen;

    @Option(names = "--mqtt-listen", defaultValue = "127.0.0.1:1883", paramLabel = "HOST:PORT",
            description = "where the embedded MQTT broker listens (default: ${DEFAULT-VALUE})")
    String mqttListen;

    @Option(names = "--onvif-listen", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "where the gateway's ONVIF device listens (default: ${DEFAULT-VALUE})")
    String onvifListen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // The simulated cameras take a free port the gateway's configuration is told about, so the cameras and
        // the sensors (started after the gateway, on the ports it bound) begin the timeline together.
        int cameraPort = freePort();
        SiteScenario site = SiteScenarioLoader.parse(resource("demo-site.yaml")
                .replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:" + cameraPort), "demo-site.yaml");
        GatewayConfig config;
        try {
            config = ConfigLoader.parse(resource("demo.yaml"), "demo.yaml", Map.of(
                    "DEMO_RTSP_LISTEN", rtspListen,
                    "DEMO_MQTT_LISTEN", mqttListen,
                    "DEMO_ONVIF_LISTEN", onvifListen,
                    "DEMO_CAMERA", "rtsp://127.0.0.1:" + cameraPort));
        } catch (ConfigException e) {
            err.println("camgate demo: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        Gateway gateway = new Gateway(config);
        SiteRunner[] running = new SiteRunner[1];
        Runnable stopSite = () -> {
            if (running[0] != null) {
                running[0].stop();
            }
        };
        return RunCommand.runUntilStopped(gateway, out, err, stopSite, () -> {
            gateway.events().subscribe(e -> printEvent(out, e));
            out.println("camgate demo: encoding the simulated site's cameras (a few seconds)...");
            out.flush();
            running[0] = new SiteRunner(site.withSensorTargets(id -> gateway.sensors().address(id))).start();
            announce(out, gateway, config);
        });
    }

    private static void announce(PrintWriter out, Gateway gateway, GatewayConfig config) {
        String rtsp = "rtsp://demo:demo@" + Gateway.hostPort(gateway.rtspAddress());
        String mqtt = gateway.mqtt().embeddedUri().replace("tcp://", "");
        String topics = config.mqtt().topicPrefix() + "/" + config.site();
        String[] hostPort = mqtt.split(":(?=[0-9]+$)");
        out.println();
        out.println("camgate demo: a simulated school at night behind the gateway; the timeline repeats every 60 s.");
        out.println("  At 8 s someone climbs into the yard, waits, and leaves at 34-42 s; at 48 s a car speeds by.");
        out.println("  Video reaches readers only while a camera's gate is open (motion, or the radar's yard zone).");
        out.println();
        out.println("  RTSP       " + rtsp + "/schoolyard   (gate: motion)");
        out.println("             " + rtsp + "/entrance     (gate: radar yard zone or an operator; audio stripped)");
        out.println("  try        ffplay -rtsp_transport tcp " + rtsp + "/schoolyard");
        out.println("  ONVIF      http://" + Gateway.hostPort(gateway.onvifAddress())
                + "/onvif/device_service   (add it to an NVR as user demo, password demo)");
        out.println("  MQTT       mosquitto_sub -h " + hostPort[0] + " -p " + hostPort[1] + " -t '" + topics + "/#' -v");
        out.println("  open gate  mosquitto_pub -h " + hostPort[0] + " -p " + hostPort[1] + " -u operator -P operator -t '"
                + topics + "/camera/entrance/command' -m '{\"command\":\"open\",\"by\":\"operator\"}'");
        gateway.statusAddress().ifPresent(a -> out.println("  status     http://" + Gateway.hostPort(a)
                + "/status   and /metrics"));
        out.println("  audit log  " + config.audit().file().toAbsolutePath());
        out.println("Events as they happen (Ctrl-C to stop):");
        out.flush();
    }

    private static void printEvent(PrintWriter out, Event e) {
        if (e.event().equals("statistics")) {
            return;
        }
        out.println("  " + e.time().toString().substring(11, 19) + "  " + e.source().kind() + "/" + e.source().id() + "/"
                + e.event() + " " + e.state().wire() + (e.zone() == null ? "" : " zone " + e.zone())
                + (e.data().isEmpty() ? "" : " " + e.data()));
        out.flush();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
