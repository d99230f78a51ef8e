package org.camgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A listener that cannot bind ends the start with one line naming its key and address, exit 2, no stack trace. */
class RunCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"rtsp.listen", "onvif.listen", "status.listen", "mqtt.embedded.listen"})
    void aTakenPortIsOneLineNamingTheKeyAndTheAddress(String key, @TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            String free = "127.0.0.1:0";
            Path file = dir.resolve("site.yaml");
            Files.writeString(file, """
                    site: lab-1
                    rtsp: { listen: %s, udp: { enabled: false } }
                    onvif: { listen: %s }
                    status: { listen: %s }
                    mqtt:
                      broker: embedded
                      embedded: { listen: %s }
                      outbox: { dir: "%s" }
                    audit: { file: "%s" }
                    """.formatted(key.equals("rtsp.listen") ? address : free, key.equals("onvif.listen") ? address : free,
                    key.equals("status.listen") ? address : free, key.equals("mqtt.embedded.listen") ? address : free,
                    dir.resolve("outbox"), dir.resolve("audit.log")));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(new PrintWriter(out), new PrintWriter(err), "run", "--config", file.toString());
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString().lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("camgate: cannot listen on " + address + " (" + key + "): ")
                    .doesNotContain("Exception"));
        }
    }
}
