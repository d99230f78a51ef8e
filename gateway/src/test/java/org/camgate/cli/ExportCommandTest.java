package org.camgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code camgate export} refusals that need no clip: a bad mask. */
class ExportCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter text, String... args) throws Exception {
        Path config = dir.resolve("camgate.yaml");
        Files.writeString(config, """
                site: test
                rtsp: { listen: 127.0.0.1:0 }
                onvif: { listen: 127.0.0.1:0 }
                audit: { file: "%1$s/audit.log" }
                mqtt: { broker: tcp://127.0.0.1:1, outbox: { dir: "%1$s/outbox" } }
                users: [ { name: nvr, password: secret, cameras: ["*"] } ]
                clips: { dir: "%1$s/clips" }
                cameras:
                  - id: door
                    purpose: test
                    source: rtsp://127.0.0.1:1/door
                    gate: { mode: triggers, triggers: [manual] }
                    clips: true
                """.formatted(dir));
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(text));
        cli.setErr(new PrintWriter(text));
        String[] all = new String[args.length + 8];
        System.arraycopy(new String[] {"export", "--config", config.toString(), "--camera", "door", "--reason", "test",
                "--out"}, 0, all, 0, 8);
        System.arraycopy(args, 0, all, 8, args.length);
        return cli.execute(all);
    }

    @Test
    void aBadMaskIsNamed() throws Exception {
        StringWriter text = new StringWriter();
        assertThat(run(text, dir.resolve("out.mp4").toString(), "--clip", "x", "--mask", "0,0,2,0,1,1"))
                .isEqualTo(Main.EXIT_INVALID);
        assertThat(text.toString()).contains("--mask: mask coordinate 2.0 (expected: 0..1 of the picture)");
    }
}
