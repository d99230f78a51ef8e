package org.camgate.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.camgate.Gateway;
import org.camgate.common.net.HostPort;
import org.camgate.common.yaml.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camgate demo}: the gateway with its embedded MQTT broker in front of a simulated site (a school at night:
 * two cameras, a radar, a LiDAR and a thermal sensor following one timeline), printing what to open and every event as
 * it happens. The site runs in a child process from the simulator jar ({@link SimulatorJar} says where it is found),
 * so the simulators are not part of {@code camgate.jar}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the gateway in front of a simulated site (camgate-sim.jar in a child process) and print "
                + "what to try.")
final class DemoCommand implements Callable<Integer> {
    /** The simulator encodes its cameras' loops before it listens: seconds, longer on a busy machine. */
    private static final Duration SIM_START_TIMEOUT = Duration.ofSeconds(120);

    @Option(names = "--rtsp-listen", defaultValue = "127.0.0.1:8554", paramLabel = "HOST:PORT",
            description = "where readers connect (default: ${DEFAULT-VALUE})")
    String rtspListen;

    @Option(names = "--mqtt-listen", defaultValue = "127.0.0.1:1883", paramLabel = "HOST:PORT",
            description = "where the embedded MQTT broker listens (default: ${DEFAULT-VALUE})")
    String mqttListen;

    @Option(names = "--onvif-listen", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "where the gateway's ONVIF device listens (default: ${DEFAULT-VALUE})")
    String onvifListen;

    @Option(names = "--sim-jar", paramLabel = "FILE", description = "the simulator jar (default: $" + SimulatorJar.ENV
            + ", else camgate-sim.jar beside camgate.jar, else ../../simulators/target/camgate-sim.jar from there)")
    Path simJar;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path jar;
        try {
            jar = SimulatorJar.find(simJar, System.getenv(SimulatorJar.ENV), SimulatorJar.gatewayLocation());
        } catch (FileNotFoundException e) {
            err.println("camgate demo: " + e.getMessage());
            return 1;
        }
        // The simulated site starts first, on free ports the gateway's configuration is told about, so the gateway
        // finds its cameras at once and the cameras and sensors begin the timeline together.
        int cameraPort = freeTcpPort();
        Map<String, Integer> sensorPorts = Map.of("radar-1", freeUdpPort(), "lidar-1", freeUdpPort(),
                "thermal-1", freeUdpPort());
        String site = DemoSite.withPorts(resource("demo-site.yaml"), cameraPort, sensorPorts);
        GatewayConfig config;
        try {
            config = ConfigLoader.parse(resource("demo.yaml"), "demo.yaml", Map.of(
                    "DEMO_RTSP_LISTEN", rtspListen,
                    "DEMO_MQTT_LISTEN", mqttListen,
                    "DEMO_ONVIF_LISTEN", onvifListen,
                    "DEMO_CAMERA", "rtsp://127.0.0.1:" + cameraPort,
                    "DEMO_RADAR_PORT", sensorPorts.get("radar-1").toString(),
                    "DEMO_LIDAR_PORT", sensorPorts.get("lidar-1").toString(),
                    "DEMO_THERMAL_PORT", sensorPorts.get("thermal-1").toString()));
        } catch (ConfigException e) {
            err.println("camgate demo: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        out.println("camgate demo: starting the simulated site from " + jar + " (encoding its cameras takes a few "
                + "seconds)...");
        out.flush();
        Path siteFile = Files.createTempFile("camgate-demo-site-", ".yaml");
        siteFile.toFile().deleteOnExit();
        Files.writeString(siteFile, site);
        SimulatorProcess sim;
        try {
            sim = SimulatorProcess.start(jar, siteFile, new InetSocketAddress("127.0.0.1", cameraPort),
                    SIM_START_TIMEOUT);
        } catch (IOException e) {
            Files.deleteIfExists(siteFile);
            err.println("camgate demo: " + e.getMessage());
            return 1;
        }
        Gateway gateway = new Gateway(config);
        gateway.events().subscribe(e -> printEvent(out, e));
        // runUntilStopped stops the gateway, then the site: the gateway does not see its cameras vanish first.
        sim.leaveStopToCaller();
        Runnable stopSite = () -> {
            sim.stop();
            siteFile.toFile().delete();
        };
        return RunCommand.runUntilStopped(gateway, out, err, stopSite, () -> announce(out, gateway, config));
    }

    private static void announce(PrintWriter out, Gateway gateway, GatewayConfig config) {
        String rtsp = "rtsp://demo:demo@" + HostPort.format(gateway.rtspAddress());
        String mqtt = gateway.mqtt().embeddedUri().replace("tcp://", "");
        String topics = config.mqtt().topicPrefix() + "/" + config.site();
        String[] hostPort = mqtt.split(":(?=[0-9]+$)");
        out.println();
        out.println("camgate demo: a simulated school at night behind the gateway; the timeline repeats every 60 s.");
        out.println("  At 8 s someone climbs into the yard, waits, and leaves past the entrance door at 34-42 s; at 48 s a car");
        out.println("  speeds by. Radar (yard, road), LiDAR (door) and thermal (yard) report it as events.");
        out.println("  Video reaches readers only while a camera's gate is open (motion; the radar's yard zone or the LiDAR's door).");
        out.println();
        out.println("  RTSP       " + rtsp + "/schoolyard   (gate: motion)");
        out.println("             " + rtsp + "/entrance     (gate: radar yard zone, LiDAR door zone or an operator;"
                + " audio stripped)");
        out.println("  try        ffplay -rtsp_transport tcp " + rtsp + "/schoolyard");
        out.println("  ONVIF      http://" + HostPort.format(gateway.onvifAddress())
                + "/onvif/device_service   (add it to an NVR as user demo, password demo)");
        out.println("  MQTT       mosquitto_sub -h " + hostPort[0] + " -p " + hostPort[1] + " -t '" + topics + "/#' -v");
        out.println("  open gate  mosquitto_pub -h " + hostPort[0] + " -p " + hostPort[1] + " -u operator -P operator -t '"
                + topics + "/camera/entrance/command' -m '{\"command\":\"open\",\"by\":\"operator\"}'");
        gateway.statusAddress().ifPresent(a -> out.println("  status     http://" + HostPort.format(a)
                + "/   (page; access log at /access, login demo/demo), /status (JSON) and /metrics"));
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

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
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
