package org.camgate.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety and damage checks of the store, and the chunked encryption's ranges and tamper detection. */
class ClipStoreTest {
    private static final ClipCipher CIPHER = new ClipCipher(new SecretKeySpec(new byte[32], "AES"));
    @TempDir
    Path dir;

    private ClipMeta meta(String id) {
        return new ClipMeta(id, "door", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:04Z"),
                0, 0, "H264", 320, 180, List.of("manual"), null, null);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private ClipMeta put(ClipStore store, String id, byte[] mp4) throws IOException {
        Path work = store.workFile(id + ".mp4");
        Files.write(work, mp4);
        ClipMeta m = meta(id);
        m = new ClipMeta(m.id(), m.camera(), m.start(), m.end(), mp4.length, 3, m.codec(), 320, 180, m.triggers(), null, null);
        return store.commit(m, work, new byte[] {1, 2, 3});
    }

    @Test
    void aWriterKilledMidClipLeavesNothingServableAndTheNextStartRemovesItsFiles() throws IOException {
        ClipStore store = new ClipStore(dir, Optional.of(CIPHER));
        store.open();
        ClipMeta good = put(store, "door-20260101T000000Z-aaaaaa", random(200_000));
        // Killed while muxing (work file), between the renames (media without sidecar), and a file cut short.
        Files.write(dir.resolve(".tmp").resolve("door-20260101T000010Z-bbbbbb.mp4"), random(5000));
        Files.write(dir.resolve("door-20260101T000020Z-cccccc.mp4.enc"), random(5000));
        ClipMeta cut = put(store, "door-20260101T000030Z-dddddd", random(100_000));
        try (FileChannel ch = FileChannel.open(store.media(cut), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }

        ClipStore restarted = new ClipStore(dir, Optional.of(CIPHER));
        List<String> removed = restarted.open();
        assertThat(removed).contains("door-20260101T000010Z-bbbbbb.mp4", "door-20260101T000020Z-cccccc.mp4.enc",
                "door-20260101T000030Z-dddddd");
        assertThat(restarted.list()).extracting(ClipMeta::id).containsExactly(good.id());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".tmp",
                    good.id() + ".mp4.enc", good.id() + ".jpg.enc", good.id() + ".json");
        }
        try (ClipReader r = restarted.reader(good, false)) {
            assertThat(r.length()).isEqualTo(200_000);
        }
    }

    @Test
    void aChangedByteIsNeverServed() throws IOException {
        for (Optional<ClipCipher> cipher : List.of(Optional.<ClipCipher>empty(), Optional.of(CIPHER))) {
            Path d = Files.createDirectories(dir.resolve(cipher.isPresent() ? "enc" : "plain"));
            ClipStore store = new ClipStore(d, cipher);
            store.open();
            ClipMeta clip = put(store, "door-20260101T000000Z-eeeeee", random(150_000));
            byte[] stored = Files.readAllBytes(store.media(clip));
            stored[stored.length / 2] ^= 1;
            Files.write(store.media(clip), stored);
            ClipStore restarted = new ClipStore(d, cipher);
            restarted.open(); // same size: kept, but checked before it is served
            assertThatThrownBy(() -> restarted.reader(restarted.get(clip.id()).orElseThrow(), false).close())
                    .isInstanceOf(ClipStore.DamagedClipException.class);
        }
    }

    @Test
    void rekeyRewritesEveryClipWithTheNewKey() throws IOException {
        ClipStore clear = new ClipStore(dir, Optional.empty());
        clear.open();
        byte[] mp4 = random(100_000);
        ClipMeta a = put(clear, "door-20260101T000000Z-aaaaaa", mp4);
        ClipCipher next = new ClipCipher(new SecretKeySpec(random(32), "AES"));
        // In the clear -> encrypted with CIPHER, then CIPHER -> next.
        assertThat(ClipRekey.run(new ClipStore(dir, Optional.empty()), new ClipStore(dir, Optional.of(CIPHER)),
                CIPHER.keyIdHex(), m -> { }).rewritten()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve(a.id() + ".mp4"))).isFalse();
        ClipRekey.Result r = ClipRekey.run(new ClipStore(dir, Optional.of(CIPHER)), new ClipStore(dir, Optional.of(next)),
                next.keyIdHex(), m -> { });
        assertThat(r).isEqualTo(new ClipRekey.Result(1, 0, 0));
        ClipStore reopened = new ClipStore(dir, Optional.of(next));
        assertThat(reopened.open()).isEmpty();
        ClipMeta clip = reopened.get(a.id()).orElseThrow();
        assertThat(clip.keyId()).isEqualTo(next.keyIdHex());
        try (ClipReader reader = reopened.reader(clip, false)) {
            assertThat(reader.read(0, mp4.length)).isEqualTo(mp4);
        }
        try (ClipReader reader = reopened.reader(clip, true)) {
            assertThat(reader.read(0, 3)).containsExactly(1, 2, 3);
        }
        ClipStore withOld = new ClipStore(dir, Optional.of(CIPHER));
        withOld.load();
        assertThatThrownBy(() -> withOld.reader(withOld.get(a.id()).orElseThrow(), true).close())
                .hasMessageContaining("another key");
    }

    @Test
    void rangesDecryptOnlyTheirChunksAndTamperingFails() throws IOException {
        byte[] plain = random(3 * ClipCipher.CHUNK + 123);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        CIPHER.encrypt(new ByteArrayInputStream(plain), plain.length, sealed);
        Path file = dir.resolve("c.enc");
        Files.write(file, sealed.toByteArray());
        assertThat(sealed.size()).isEqualTo(ClipCipher.sealedSize(plain.length));
        try (FileChannel ch = FileChannel.open(file)) {
            assertThat(CIPHER.plainLength(ch)).isEqualTo(plain.length);
            int from = ClipCipher.CHUNK - 10;
            assertThat(CIPHER.read(ch, from, 2 * ClipCipher.CHUNK + 20))
                    .isEqualTo(Arrays.copyOfRange(plain, from, from + 2 * ClipCipher.CHUNK + 20));
            assertThat(CIPHER.read(ch, plain.length - 5, 5)).isEqualTo(Arrays.copyOfRange(plain, plain.length - 5, plain.length));
        }
        byte[] tampered = sealed.toByteArray();
        tampered[ClipCipher.HEADER + ClipCipher.CHUNK + ClipCipher.TAG + 7] ^= 1; // in chunk 1
        Files.write(file, tampered);
        try (FileChannel ch = FileChannel.open(file)) {
            assertThat(CIPHER.read(ch, 0, 100)).isEqualTo(Arrays.copyOf(plain, 100)); // chunk 0 is intact
            assertThatThrownBy(() -> CIPHER.read(ch, ClipCipher.CHUNK + 1, 10)).hasMessageContaining("chunk 1");
        }
        ClipCipher other = new ClipCipher(new SecretKeySpec(random(32), "AES"));
        try (FileChannel ch = FileChannel.open(file)) {
            assertThatThrownBy(() -> other.read(ch, 0, 10)).hasMessageContaining("another key");
        }
    }
}
