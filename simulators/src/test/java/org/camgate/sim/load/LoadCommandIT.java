package org.camgate.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code load} command line: several URLs (repeated --url, --url-file) and its argument errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadCommandIT {
    @TempDir
    Path dir;

    @Test
    void readsEveryUrlOfAFileAndOfRepeatedOptions() throws Exception {
        SimCameraServer cameras = new SimCameraServer("127.0.0.1", 0, List.of(
                SimCameraConfig.of("a").withSize(160, 90), SimCameraConfig.of("b").withSize(160, 90),
                SimCameraConfig.of("c").withSize(160, 90))).start();
        try {
            Path urls = dir.resolve("urls.txt");
            Files.writeString(urls, "# cameras\n" + cameras.url("a") + "\n\n" + cameras.url("b") + "\n");
            Result r = run("--url-file", urls.toString(), "--url", cameras.url("c"), "--readers", "2",
                    "--duration", "1s", "--warmup", "0s", "--threads", "1");
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("load: 6 reader(s) of 3 URLs (" + cameras.url("c") + " ...)")
                    .contains("RESULT readers=6 playing=6 ").contains(" lost=0 ");
            assertThat(r.status()).isZero();
        } finally {
            cameras.stop();
        }
    }

    @Test
    void argumentErrorsAreNamedAndExitWith2() throws Exception {
        assertThat(run("--readers", "1")).isEqualTo(
                new Result(2, "", "url: missing (expected: --url rtsp://... or --url-file FILE)\n"));
        assertThat(run("--url-file", dir.resolve("none.txt").toString()).err())
                .startsWith("url-file: cannot read " + dir.resolve("none.txt"));
        assertThat(run("--url", "http://127.0.0.1/x").err())
                .isEqualTo("url: http://127.0.0.1/x (expected: rtsp://[user:pass@]host[:port]/path)\n");
        assertThat(run("--url", "rtsp://127.0.0.1:9/x", "--readers", "0").err())
                .isEqualTo("readers: 0 (expected: > 0)\n");
    }

    private record Result(int status, String out, String err) {
    }

    private static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new LoadCommand()).execute(args);
            return new Result(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
                    .replace(System.lineSeparator(), "\n"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
