package org.camgate.cli;

import org.camgate.Gateway;
import org.camgate.config.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code camgate demo}: the gateway on its embedded demo configuration, in front of a simulated
 * camera (with an audio track, which the gateway strips), all in this process.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the gateway with a simulated camera, all in one process, and print what to try.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--rtsp-listen", defaultValue = "127.0.0.1:8554", paramLabel = "HOST:PORT",
            description = "where readers connect (default: ${DEFAULT-VALUE})")
    String rtspListen;

    @Option(names = "--onvif-listen", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "where the gateway's ONVIF device listens (default ${DEFAULT-VALUE})")
    String onvifListen;

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
                    "DEMO_ONVIF_LISTEN", onvifListen,
                    "DEMO_CAMERA", "rtsp://127.0.0.1:" + camera.port()));
        } catch (ConfigException e) {
            camera.stop();
            err.println("camgate demo: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        Gateway gateway = new Gateway(config);
        return RunCommand.runUntilStopped(gateway, out, err, camera::stop, () -> {
            String url = "rtsp://demo:demo@" + Gateway.hostPort(gateway.rtspAddress()) + "/entrance";
            out.println();
            out.println("camgate demo (site \"demo\"): one simulated camera behind the gateway");
            out.println("  RTSP       " + url);
            out.println("  try        ffplay -rtsp_transport tcp " + url);
            out.println("             ffprobe " + url + "   (video only: the camera's audio is stripped)");
            out.println("  ONVIF      http://" + Gateway.hostPort(gateway.onvifAddress()) + "/onvif/device_service"
                    + "   (user demo, password demo)");
            out.println("  audit log  " + config.audit().file().toAbsolutePath());
            out.println("Stop with Ctrl-C.");
        });
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
