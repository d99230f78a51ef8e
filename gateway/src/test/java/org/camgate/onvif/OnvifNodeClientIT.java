package org.camgate.onvif;

import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.sim.camera.SimCameraConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An ONVIF client not written here, the npm {@code onvif} package (installed by scripts/install-test-peers.sh into
 * .peers/onvif-node), connects with WS-Security, reads device information, profiles, stream and
 * snapshot URIs, and receives a gate event through its own PullPoint subscription.
 */
class OnvifNodeClientIT {
    static final Path MODULE = Path.of("../.peers/onvif-node/node_modules/onvif").toAbsolutePath();
    static final Path SCRIPT = Path.of("../bench/onvif-node/check.js").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void npmOnvifClientSeesProfilesStreamAndEvents() throws Exception {
        assumeTrue(Files.isDirectory(MODULE), "npm onvif not installed (run scripts/install-test-peers.sh)");
        try (OnvifFixture f = new OnvifFixture(dir, List.of(SimCameraConfig.of("cam1")),
                "  - id: lobby\n    purpose: Safety in the lobby\n    source: ${CAMERA}/cam1\n", "")) {
            ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toString(), "127.0.0.1",
                    String.valueOf(f.gateway.onvifAddress().getPort()), "nvr", "secret").redirectErrorStream(true);
            pb.environment().put("ONVIF_MODULE", MODULE.toString());
            Process node = pb.start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (java.io.IOException ignored) {
                    // process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            List<String> seen = new ArrayList<>();
            try {
                String info = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
                boolean ready = false;
                String event = null;
                while (System.nanoTime() < deadline && event == null) {
                    String line = lines.poll(500, TimeUnit.MILLISECONDS);
                    if (line != null) {
                        seen.add(line);
                        if (line.startsWith("INFO ")) {
                            info = line;
                        } else if (line.equals("READY")) {
                            ready = true;
                        } else if (line.startsWith("EVENT ") && line.contains("MotionAlarm") && line.contains("true")) {
                            event = line;
                        } else if (line.startsWith("ERROR") || line.startsWith("TIMEOUT")) {
                            break;
                        }
                    }
                    if (ready) {
                        f.gateway.events().publish(Event.of(Instant.now(), "onvif-test", EventSource.camera("lobby"),
                                "gate", EventState.START, null, Map.of()));
                    }
                }
                assertThat(info).as("output: %s", seen).isNotNull();
                assertThat(info).contains("\"manufacturer\":\"camgate\"").contains("\"token\":\"lobby\"")
                        .contains("\"width\":640").contains("\"height\":360").contains("\"encoding\":\"H264\"")
                        .contains("rtsp://127.0.0.1:" + f.gateway.rtspAddress().getPort() + "/lobby")
                        .contains(f.base() + "/onvif/snapshot/lobby.jpg");
                assertThat(event).as("output: %s", seen).isNotNull().contains("tns1:VideoSource/MotionAlarm");
            } finally {
                node.destroyForcibly();
                node.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
