package org.camgate.clip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Key rotation: every clip readable with the old key (or stored in the clear) is written again with the new key
 * (or in the clear when there is none), each file renamed into place and its sidecar last. Run with the gateway
 * stopped.
 */
public final class ClipRekey {
    private ClipRekey() {
    }

    /** What a rotation did. */
    public record Result(int rewritten, int skipped, int failed) {
    }

    /**
     * @param old   the store opened with the old key (clips in the clear are read without one)
     * @param fresh the same directory with the new key
     */
    public static Result run(ClipStore old, ClipStore fresh, String newKeyId, java.util.function.Consumer<String> log)
            throws IOException {
        old.load();
        int rewritten = 0;
        int skipped = 0;
        int failed = 0;
        for (ClipMeta clip : old.list()) {
            if (Objects.equals(clip.keyId(), newKeyId)) {
                skipped++;
                continue;
            }
            Path work = old.workFile(clip.id() + ".rekey.mp4");
            try {
                copy(old, clip, false, work);
                byte[] jpeg = null;
                if (clip.snapshotBytes() > 0) {
                    try (ClipReader r = old.reader(clip, true)) {
                        jpeg = r.read(0, (int) r.length());
                    }
                }
                ClipMeta plain = new ClipMeta(clip.id(), clip.camera(), clip.start(), clip.end(), clip.bytes(),
                        clip.snapshotBytes(), clip.codec(), clip.width(), clip.height(), clip.triggers(), null, null);
                // The old files go once the new ones are complete (their names differ when encryption is switched).
                ClipMeta stored = fresh.commit(plain, work, jpeg);
                if (!fresh.media(stored).equals(old.media(clip))) {
                    Files.deleteIfExists(old.media(clip));
                    Files.deleteIfExists(old.snapshot(clip));
                }
                rewritten++;
            } catch (IOException e) {
                failed++;
                log.accept("clip " + clip.id() + ": not rewritten: " + e.getMessage());
                Files.deleteIfExists(work);
            }
        }
        return new Result(rewritten, skipped, failed);
    }

    private static void copy(ClipStore store, ClipMeta clip, boolean snapshot, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (ClipReader reader = store.reader(clip, snapshot); OutputStream out = Files.newOutputStream(to)) {
            long at = 0;
            while (at < reader.length()) {
                int n = (int) Math.min(1 << 20, reader.length() - at);
                out.write(reader.read(at, n));
                at += n;
            }
        }
    }
}
