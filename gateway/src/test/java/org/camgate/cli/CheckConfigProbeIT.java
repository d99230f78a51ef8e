package org.camgate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.onvif.SimOnvifCamera;
import org.camgate.sim.onvif.SimOnvifConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check-config --probe} against simulated cameras (RTSP and ONVIF), a wrong path, a wrong password, a dead port. */
class CheckConfigProbeIT {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsATableOfReachabilityCodecAndResolution(@TempDir Path dir) throws Exception {
        SimCameraServer rtsp = new SimCameraServer("127.0.0.1", 0, List.of(
                SimCameraConfig.of("door").withSize(320, 180).withFps(10).withCredentials("admin", "Door-Secret"),
                SimCameraConfig.of("yard").withSize(640, 360))).start();
        SimOnvifCamera device = new SimOnvifCamera(SimOnvifConfig.of("door").withCredentials("admin", "Door-Secret"),
                rtsp).start();
        try {
            String base = "rtsp://127.0.0.1:" + rtsp.port();
            Path file = dir.resolve("probe.yaml");
            Files.writeString(file, """
                    site: lab
                    audit: { file: "%s" }
                    cameras:
                      - { id: door, purpose: test, source: "%s" }
                      - { id: yard, purpose: test, source: "%s/yard" }
                      - { id: door-onvif, purpose: test, source: { onvif: { url: "%s", username: admin, password: Door-Secret } } }
                      - { id: wrong-path, purpose: test, source: "%s/nope" }
                      - { id: wrong-password, purpose: test, source: "%s" }
                      - { id: nothing-there, purpose: test, source: "rtsp://127.0.0.1:1/x" }
                    """.formatted(dir.resolve("audit.log"), base.replace("//", "//admin:Door-Secret@") + "/door", base,
                    device.deviceUrl(), base, base.replace("//", "//admin:Wrong-Secret@") + "/door"));
            int status = Main.run(new PrintWriter(out), new PrintWriter(err), "check-config", "--config", file.toString(),
                    "--probe", "--probe-timeout", "15s");
            List<String> lines = out.toString().lines().toList();
            assertThat(status).as(out + "\n" + err).isEqualTo(CheckConfigCommand.EXIT_UNREACHABLE);
            assertThat(lines.get(0)).startsWith("OK: ");
            assertThat(lines.get(1)).matches("CAMERA +REACHABLE +CODEC +RESOLUTION +ERROR");
            assertThat(lines.get(2)).matches("door +yes +H264 +320x180 +-");
            assertThat(lines.get(3)).matches("yard +yes +H264 +640x360 +-");
            assertThat(lines.get(4)).matches("door-onvif +yes +H264 +320x180 +-");
            assertThat(lines.get(5)).matches("wrong-path +no +- +- +.*404.*");
            assertThat(lines.get(6)).matches("wrong-password +no +- +- +camera refused the configured credentials");
            assertThat(lines.get(7)).matches("nothing-there +no +- +- +.+");
            assertThat(lines.get(8)).isEqualTo("UNREACHABLE: 3 cameras of 6");
            assertThat(out.toString() + err).doesNotContain("Door-Secret").doesNotContain("Wrong-Secret");
        } finally {
            device.stop();
            rtsp.stop();
        }
    }
}
