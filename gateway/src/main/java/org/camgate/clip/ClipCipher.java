package org.camgate.clip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Chunked AES-256-GCM for clip files at rest, so that a Range request decrypts only the chunks it touches.
 * <pre>
 * header (36 bytes): "CGCLIP01" | key id (8: first bytes of SHA-256 over "camgate-clip-key" and the key)
 *                    | salt (8, random per file) | chunk size (4, big-endian) | plaintext length (8)
 * then chunk i = 0..n-1: AES-GCM(key, iv = salt | i (4 bytes), aad = header | i) of plaintext bytes
 *                    [i * chunk, min((i + 1) * chunk, length)), each followed by its 16-byte tag
 * </pre>
 * The header is authenticated with every chunk (a changed length or salt fails), the chunk index is in the IV and
 * the AAD (chunks cannot be moved or swapped), and the length fixes the number of chunks (a truncated file fails).
 */
public final class ClipCipher {
    static final byte[] MAGIC = "CGCLIP01".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 36;
    static final int TAG = 16;
    static final int CHUNK = 64 * 1024;

    private final SecretKey key;
    private final byte[] keyId;
    private final SecureRandom random = new SecureRandom();

    public ClipCipher(SecretKey key) {
        this.key = key;
        this.keyId = keyId(key);
    }

    /** The key's public fingerprint, stored in every file it encrypts (hex in clip metadata). */
    public static byte[] keyId(SecretKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("camgate-clip-key".getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(sha.digest(key.getEncoded()), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    /** Encrypts {@code length} bytes from {@code in} to {@code out}. */
    public void encrypt(InputStream in, long length, OutputStream out) throws IOException {
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).put(keyId).put(salt).putInt(CHUNK).putLong(length);
        byte[] h = header.array();
        out.write(h);
        byte[] plain = new byte[CHUNK];
        long chunks = chunks(length);
        for (int i = 0; i < chunks; i++) {
            int n = (int) Math.min(CHUNK, length - (long) i * CHUNK);
            int read = in.readNBytes(plain, 0, n);
            if (read != n) {
                throw new IOException("source ended early");
            }
            out.write(crypt(Cipher.ENCRYPT_MODE, h, salt, i, plain, n));
        }
    }

    /** The plaintext length of an encrypted file; fails when the header is not one of this key's. */
    public long plainLength(FileChannel file) throws IOException {
        return header(file).getLong(28);
    }

    /** Plaintext bytes {@code [from, from + count)}, decrypting only the chunks needed. */
    public byte[] read(FileChannel file, long from, int count) throws IOException {
        ByteBuffer header = header(file);
        byte[] h = header.array();
        byte[] salt = Arrays.copyOfRange(h, 16, 24);
        long length = header.getLong(28);
        if (from < 0 || count < 0 || from + count > length) {
            throw new IOException("range outside the clip");
        }
        long expected = HEADER + length + chunks(length) * TAG;
        if (file.size() != expected) {
            throw new IOException("damaged clip: " + file.size() + " bytes, expected " + expected);
        }
        byte[] out = new byte[count];
        int done = 0;
        while (done < count) {
            long at = from + done;
            int i = (int) (at / CHUNK);
            int n = (int) Math.min(CHUNK, length - (long) i * CHUNK);
            ByteBuffer sealed = ByteBuffer.allocate(n + TAG);
            long position = HEADER + (long) i * (CHUNK + TAG);
            while (sealed.hasRemaining()) {
                if (file.read(sealed, position + sealed.position()) < 0) {
                    throw new IOException("damaged clip: ends early");
                }
            }
            byte[] plain = crypt(Cipher.DECRYPT_MODE, h, salt, i, sealed.array(), n + TAG);
            int offset = (int) (at - (long) i * CHUNK);
            int take = Math.min(count - done, plain.length - offset);
            System.arraycopy(plain, offset, out, done, take);
            done += take;
        }
        return out;
    }

    private ByteBuffer header(FileChannel file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (header.hasRemaining()) {
            if (file.read(header, header.position()) < 0) {
                throw new IOException("damaged clip: no header");
            }
        }
        byte[] h = header.array();
        if (!Arrays.equals(h, 0, 8, MAGIC, 0, 8)) {
            throw new IOException("not an encrypted clip");
        }
        if (!Arrays.equals(h, 8, 16, keyId, 0, 8)) {
            throw new IOException("encrypted with another key (key id " + HexFormat.of().formatHex(h, 8, 16) + ")");
        }
        if (header.getInt(24) != CHUNK) {
            throw new IOException("unsupported chunk size " + header.getInt(24));
        }
        return header;
    }

    private byte[] crypt(int mode, byte[] header, byte[] salt, int index, byte[] data, int length) throws IOException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] iv = ByteBuffer.allocate(12).put(salt).putInt(index).array();
            c.init(mode, key, new GCMParameterSpec(TAG * 8, iv));
            c.updateAAD(header);
            c.updateAAD(ByteBuffer.allocate(4).putInt(index).array());
            return c.doFinal(data, 0, length);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IOException("damaged clip: chunk " + index + " fails authentication");
        } catch (GeneralSecurityException e) {
            throw new IOException("cipher failed: " + e.getMessage(), e);
        }
    }

    static long chunks(long length) {
        return (length + CHUNK - 1) / CHUNK;
    }

    /** The encrypted size of {@code length} plaintext bytes. */
    static long sealedSize(long length) {
        return HEADER + length + chunks(length) * TAG;
    }
}
