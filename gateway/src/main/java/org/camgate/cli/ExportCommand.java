package org.camgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.JsonLinesAuditLog;
import org.camgate.clip.ClipCipher;
import org.camgate.clip.ClipExporter;
import org.camgate.clip.ClipMeta;
import org.camgate.clip.ClipService;
import org.camgate.clip.ClipStore;
import org.camgate.config.CameraConfig;
import org.camgate.config.GatewayConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camgate export}: clips of one camera, re-encoded with masks, for a data-subject or police request;
 * audited ({@code clip-export}: who, which clips, why, where to).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export alarm clips of one camera for release: re-encoded (H.264, openh264) with the given "
                + "masks and the camera's privacy masks filled black, faces pixelated with --blur-faces, the export id "
                + "and time burnt in, audited.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the gateway's YAML configuration")
    Path config;

    @Option(names = "--camera", required = true, paramLabel = "ID")
    String camera;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--clip", paramLabel = "ID", description = "one clip")
        String clip;

        @ArgGroup(exclusive = false)
        Span span;
    }

    static final class Span {
        @Option(names = "--from", required = true, paramLabel = "TIME", description = "ISO-8601, e.g. 2026-03-01T14:00:00Z")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME")
        String to;
    }

    @Option(names = "--mask", paramLabel = "x1,y1,x2,y2,...",
            description = "a polygon to fill, coordinates 0..1 of the picture (repeatable)")
    List<String> masks = new ArrayList<>();

    @Option(names = "--blur-faces", description = "pixelate every face OpenCV's frontal face cascade finds")
    boolean blurFaces;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (kept in the audit log)")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "who exports (default: the OS user)")
    String by = System.getProperty("user.name", "unknown");

    @Option(names = "--out", required = true, paramLabel = "FILE.mp4")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<GatewayConfig> file = ConfigFile.load(config, err);
        if (file.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        GatewayConfig c = file.get();
        if (!c.clips().enabled()) {
            err.println(config + ": no clips section: nothing to export");
            return Main.EXIT_INVALID;
        }
        Optional<CameraConfig> cam = c.camera(camera);
        if (cam.isEmpty()) {
            err.println("--camera: unknown camera \"" + camera + "\"");
            return Main.EXIT_INVALID;
        }
        List<ClipExporter.Mask> all = new ArrayList<>();
        try {
            for (String m : masks) {
                all.add(ClipExporter.Mask.parse(m));
            }
        } catch (IllegalArgumentException e) {
            err.println("--mask: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        all.addAll(ClipExporter.Mask.privacyMasks(cam.get()));
        ClipStore store = new ClipStore(c.clips().dir(), c.clips().encryptionKey().map(ClipCipher::new));
        List<ClipMeta> clips;
        try {
            store.load();
            if (which.clip != null) {
                clips = store.get(which.clip).filter(m -> m.camera().equals(camera)).map(List::of).orElse(List.of());
            } else {
                clips = store.search(camera, Instant.parse(which.span.from), Instant.parse(which.span.to));
            }
        } catch (DateTimeParseException e) {
            err.println("--from/--to: ISO-8601 UTC times, e.g. 2026-03-01T14:00:00Z");
            return Main.EXIT_INVALID;
        } catch (IOException e) {
            err.println("cannot read clips: " + e.getMessage());
            return 1;
        }
        if (clips.isEmpty()) {
            err.println("no clip of camera " + camera + " matches");
            return 1;
        }
        String exportId = ClipExporter.newId();
        try {
            Files.deleteIfExists(this.out);
            ClipExporter.Result r = new ClipExporter(store).export(clips, all, blurFaces, exportId, this.out);
            try (JsonLinesAuditLog audit = new JsonLinesAuditLog(c.audit(), Clock.systemUTC())) {
                audit.record(AuditEvent.builder(ClipService.AUDIT_EXPORT, Instant.now()).user(by).remote("local")
                        .camera(camera).transport("cli").reason(reason).detail("export", exportId)
                        .detail("clips", clips.stream().map(ClipMeta::id).toList()).detail("masks", all.size())
                        .detail("blurFaces", blurFaces).detail("faces", r.faces()).detail("out", this.out.toAbsolutePath().toString()).build());
            }
            out.println("export " + exportId + ": " + clips.size() + " clip(s), " + r.pictures() + " pictures, "
                    + String.format(java.util.Locale.ROOT, "%.1f", r.seconds()) + " s, " + r.width() + "x" + r.height()
                    + (blurFaces ? ", " + r.faces() + " face(s) blurred" : "") + " -> " + this.out);
            return 0;
        } catch (IOException e) {
            err.println("export failed: " + e.getMessage());
            return 1;
        }
    }
}
