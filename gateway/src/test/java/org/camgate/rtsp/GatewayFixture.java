package org.camgate.rtsp;

import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A simulated camera server and a gateway in front of it, on free loopback ports. The gateway's
 * YAML is given per test with {@code ${CAMERA}} for the simulated camera's base URL and
 * {@code ${AUDIT}} for a temporary audit file.
 */
final class GatewayFixture implements AutoCloseable {
    final SimCameraServer cameras;
    final Gateway gateway;
    final Path auditFile;

    GatewayFixture(Path dir, List<SimCameraConfig> simCameras, String yaml) throws Exception {
        cameras = new SimCameraServer("127.0.0.1", 0, simCameras).start();
        auditFile = dir.resolve("audit.log");
        GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml",
                Map.of("CAMERA", "rtsp://127.0.0.1:" + cameras.port(), "AUDIT", auditFile.toString(),
                        "OUTBOX", dir.resolve("outbox").toString()));
        gateway = new Gateway(config);
        try {
            gateway.start();
        } catch (RuntimeException e) {
            cameras.stop();
            throw e;
        }
    }

    InetSocketAddress rtsp() {
        return gateway.rtspAddress();
    }

    String url(String camera) {
        return "rtsp://127.0.0.1:" + rtsp().getPort() + "/" + camera;
    }

    String url(String user, String password, String camera) {
        return "rtsp://" + user + ":" + password + "@127.0.0.1:" + rtsp().getPort() + "/" + camera;
    }

    List<String> audit() throws java.io.IOException {
        return java.nio.file.Files.exists(auditFile) ? java.nio.file.Files.readAllLines(auditFile) : List.of();
    }

    /** A gateway configuration with the given extra YAML appended under the defaults for tests. */
    static String yaml(String cameras, String extra) {
        return """
                site: test
                rtsp:
                  listen: 127.0.0.1:0
                  udp: { enabled: true, rtpPort: 0, rtcpPort: 0 }
                  upstreamLinger: 1s
                  reconnectMin: 200ms
                  reconnectMax: 1s
                onvif:
                  listen: 127.0.0.1:0
                audit:
                  file: ${AUDIT}
                  refusals: { limit: 100000 }   # every test client shares loopback: no summaries
                mqtt:                      # RTSP tests need no broker: a closed port, events stay in the outbox
                  broker: tcp://127.0.0.1:1
                  outbox: { dir: "${OUTBOX}" }
                users:
                  - name: nvr
                    password: secret
                    cameras: ["*"]
                  - name: guest
                    password: guest
                    cameras: [lobby]
                """ + extra + "cameras:\n" + cameras;
    }

    @Override
    public void close() {
        gateway.stop();
        cameras.stop();
    }
}
