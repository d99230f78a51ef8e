package org.camgate.onvif;

import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A simulated camera and a gateway with ONVIF and WS-Discovery, in a process of their own (so that a test can start
 * it inside a network namespace): {@code OnvifPeerGateway <dir> <address>}. ONVIF listens on {@code address}, on a
 * free port; WS-Discovery on 3702 of that address's interface; RTSP on every address, on a free port. Prints
 * {@code READY onvif=<port> rtsp=<port>} once serving, and stops when its standard input ends.
 */
public final class OnvifPeerGateway {
    private OnvifPeerGateway() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String address = args[1];
        SimCameraServer cameras = new SimCameraServer("127.0.0.1", 0, List.of(SimCameraConfig.of("cam1"))).start();
        String yaml = """
                site: peer-test
                rtsp:
                  listen: 0.0.0.0:0
                onvif:
                  listen: ${ONVIF}:0
                  discovery: true
                  discoveryPort: 3702
                access:
                  allow: [127.0.0.0/8, "${ONVIF}/32"]
                mqtt:
                  broker: tcp://127.0.0.1:1
                  outbox: { dir: "${OUTBOX}" }
                audit:
                  file: ${AUDIT}
                users:
                  - name: nvr
                    password: secret
                    cameras: ["*"]
                cameras:
                  - id: entrance
                    purpose: Prevent theft at the main entrance
                    source: ${CAMERA}/cam1
                """;
        GatewayConfig config = ConfigLoader.parse(yaml, "peer.yaml", Map.of("ONVIF", address,
                "CAMERA", "rtsp://127.0.0.1:" + cameras.port(), "AUDIT", dir.resolve("audit.log").toString(),
                "OUTBOX", dir.resolve("outbox").toString()));
        Gateway gateway = new Gateway(config);
        try {
            gateway.start();
            System.out.println("READY onvif=" + gateway.onvifAddress().getPort() + " rtsp="
                    + gateway.rtspAddress().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input (or ends)
            }
        } finally {
            gateway.stop();
            cameras.stop();
        }
    }
}
