package org.camgate.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second format (AES-CTR + HMAC) as written now, checks of whole files, and files of the first (GCM) format. */
class ClipCipherTest {
    private static final SecretKey KEY = new SecretKeySpec(bytes(32, 7), "AES");
    private static final ClipCipher CIPHER = new ClipCipher(KEY);

    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path sealed(byte[] plain) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CIPHER.encrypt(new ByteArrayInputStream(plain), plain.length, out);
        Path file = dir.resolve("c" + plain.length + ".enc");
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void writesTheSecondFormatWhichHidesThePlaintextAndVerifiesWhole() throws Exception {
        byte[] plain = bytes(2 * ClipCipher.CHUNK + 5, 1);
        Path file = sealed(plain);
        byte[] stored = Files.readAllBytes(file);
        assertThat(new String(stored, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("CGCLIP02");
        assertThat(stored.length).isEqualTo(ClipCipher.sealedSize(plain.length));
        assertThat(Arrays.copyOfRange(stored, ClipCipher.HEADER, ClipCipher.HEADER + 64))
                .isNotEqualTo(Arrays.copyOf(plain, 64));
        try (FileChannel ch = FileChannel.open(file)) {
            CIPHER.verify(ch);
            assertThat(CIPHER.read(ch, 0, plain.length)).isEqualTo(plain);
        }
        // The same plaintext twice: different salts, different files.
        assertThat(Files.readAllBytes(sealed(plain))).isNotEqualTo(stored);
    }

    @Test
    void aChangedTagOrHeaderOrAMissingChunkFailsTheWholeFileCheck() throws Exception {
        byte[] plain = bytes(3 * ClipCipher.CHUNK, 2);
        Path file = sealed(plain);
        byte[] good = Files.readAllBytes(file);
        for (int at : new int[] {30, ClipCipher.HEADER + 3 * ClipCipher.CHUNK + 2 * ClipCipher.TAG + 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 1; // the plaintext length in the header; the last chunk's tag
            Files.write(file, bad);
            try (FileChannel ch = FileChannel.open(file)) {
                assertThatThrownBy(() -> CIPHER.verify(ch)).hasMessageContaining("damaged clip");
            }
        }
        Files.write(file, Arrays.copyOf(good, good.length - ClipCipher.CHUNK - ClipCipher.TAG));
        try (FileChannel ch = FileChannel.open(file)) {
            assertThatThrownBy(() -> CIPHER.verify(ch)).hasMessageContaining("damaged clip");
        }
    }

    @Test
    void filesOfTheFirstFormatAreStillRead() throws Exception {
        byte[] plain = bytes(ClipCipher.CHUNK + 99, 3);
        // CGCLIP01 as earlier versions wrote it: AES-256-GCM, IV = salt | index, AAD = header | index.
        byte[] salt = bytes(8, 4);
        byte[] header = ByteBuffer.allocate(ClipCipher.HEADER).put("CGCLIP01".getBytes(StandardCharsets.US_ASCII))
                .put(ClipCipher.keyId(KEY)).put(salt).putInt(ClipCipher.CHUNK).putLong(plain.length).array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        for (int i = 0; i < 2; i++) {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, KEY, new GCMParameterSpec(128, ByteBuffer.allocate(12).put(salt).putInt(i).array()));
            c.updateAAD(header);
            c.updateAAD(ByteBuffer.allocate(4).putInt(i).array());
            int from = i * ClipCipher.CHUNK;
            out.write(c.doFinal(plain, from, Math.min(ClipCipher.CHUNK, plain.length - from)));
        }
        Path file = dir.resolve("v1.enc");
        Files.write(file, out.toByteArray());
        try (FileChannel ch = FileChannel.open(file)) {
            CIPHER.verify(ch);
            assertThat(CIPHER.read(ch, ClipCipher.CHUNK - 3, 50))
                    .isEqualTo(Arrays.copyOfRange(plain, ClipCipher.CHUNK - 3, ClipCipher.CHUNK + 47));
        }
        byte[] bad = out.toByteArray();
        bad[ClipCipher.HEADER + 10] ^= 1;
        Files.write(file, bad);
        try (FileChannel ch = FileChannel.open(file)) {
            assertThatThrownBy(() -> CIPHER.read(ch, 0, 10)).hasMessageContaining("chunk 0 fails authentication");
        }
    }
}
