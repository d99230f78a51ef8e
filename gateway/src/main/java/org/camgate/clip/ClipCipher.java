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
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Chunked authenticated encryption for clip files at rest, so that a Range request decrypts only the chunks it
 * touches.
 * <pre>
 * header (36 bytes): "CGCLIP02" | key id (8: first bytes of SHA-256 over "camgate-clip-key" and the key)
 *                    | salt (8, random per file) | chunk size (4, big-endian) | plaintext length (8)
 * then chunk i = 0..n-1: AES-256-CTR(encryption key, counter = salt | i (4 bytes) | 0 (4 bytes)) of plaintext bytes
 *                    [i * chunk, min((i + 1) * chunk, length)), each followed by its 16-byte tag: the first 16 bytes
 *                    of HMAC-SHA-256(MAC key, header | i (4 bytes) | ciphertext)
 * </pre>
 * Encrypt-then-MAC with two keys derived from the configured one (HMAC-SHA-256 of the key over
 * "camgate-clip-enc" and "camgate-clip-mac"). The header is authenticated with every chunk (a changed length or
 * salt fails), the chunk index is in the counter and the tag (chunks cannot be moved or swapped), and the length
 * fixes the number of chunks (a truncated file fails). Why not AES-GCM: Java 17's GCM runs at ~75 MB/s here, while
 * AES-CTR and HMAC-SHA-256 use the CPU's AES and SHA instructions (~400 MB/s together); recording clips cost
 * five times less CPU. Files of the first format ("CGCLIP01": AES-256-GCM, IV = salt | i, AAD = header | i) are
 * still read (and rewritten in this one when {@code clips-rekey} moves them to a new key).
 */
public final class ClipCipher {
    static final byte[] MAGIC = "CGCLIP02".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MAGIC_GCM = "CGCLIP01".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 36;
    static final int TAG = 16;
    static final int CHUNK = 64 * 1024;

    private final SecretKey key;
    private final SecretKey encryptionKey;
    private final SecretKey macKey;
    private final byte[] keyId;
    private final SecureRandom random = new SecureRandom();

    public ClipCipher(SecretKey key) {
        this.key = key;
        this.keyId = keyId(key);
        this.encryptionKey = new SecretKeySpec(derive(key, "camgate-clip-enc"), "AES");
        this.macKey = new SecretKeySpec(derive(key, "camgate-clip-mac"), "HmacSHA256");
    }

    private static byte[] derive(SecretKey key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
        byte[] sealed = new byte[CHUNK + TAG];
        Chunks chunks = new Chunks(h, salt);
        long count = chunks(length);
        for (int i = 0; i < count; i++) {
            int n = (int) Math.min(CHUNK, length - (long) i * CHUNK);
            int read = in.readNBytes(plain, 0, n);
            if (read != n) {
                throw new IOException("source ended early");
            }
            chunks.seal(i, plain, n, sealed);
            out.write(sealed, 0, n + TAG);
        }
    }

    /** The plaintext length of an encrypted file; fails when the header is not one of this key's. */
    public long plainLength(FileChannel file) throws IOException {
        return header(file).getLong(28);
    }

    /** Plaintext bytes {@code [from, from + count)}, decrypting only the chunks needed. */
    public byte[] read(FileChannel file, long from, int count) throws IOException {
        ByteBuffer header = header(file);
        long length = header.getLong(28);
        if (from < 0 || count < 0 || from + count > length) {
            throw new IOException("range outside the clip");
        }
        checkSize(file, length);
        Chunks chunks = new Chunks(header.array(), Arrays.copyOfRange(header.array(), 16, 24));
        byte[] out = new byte[count];
        int done = 0;
        while (done < count) {
            long at = from + done;
            int i = (int) (at / CHUNK);
            byte[] plain = chunks.open(file, i, length, true);
            int offset = (int) (at - (long) i * CHUNK);
            int take = Math.min(count - done, plain.length - offset);
            System.arraycopy(plain, offset, out, done, take);
            done += take;
        }
        return out;
    }

    /** Checks every chunk's tag without keeping anything (before a clip is first served). */
    public void verify(FileChannel file) throws IOException {
        ByteBuffer header = header(file);
        long length = header.getLong(28);
        checkSize(file, length);
        Chunks chunks = new Chunks(header.array(), Arrays.copyOfRange(header.array(), 16, 24));
        for (int i = 0; i < chunks(length); i++) {
            chunks.open(file, i, length, false);
        }
    }

    private static void checkSize(FileChannel file, long length) throws IOException {
        long expected = sealedSize(length);
        if (file.size() != expected) {
            throw new IOException("damaged clip: " + file.size() + " bytes, expected " + expected);
        }
    }

    private ByteBuffer header(FileChannel file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (header.hasRemaining()) {
            if (file.read(header, header.position()) < 0) {
                throw new IOException("damaged clip: no header");
            }
        }
        byte[] h = header.array();
        if (!Arrays.equals(h, 0, 8, MAGIC, 0, 8) && !Arrays.equals(h, 0, 8, MAGIC_GCM, 0, 8)) {
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

    /** The chunks of one file (one header); not thread-safe (one per call). */
    private final class Chunks {
        private final byte[] header;
        private final byte[] salt;
        private final boolean gcm;
        private Cipher ctr;
        private Mac mac;

        Chunks(byte[] header, byte[] salt) {
            this.header = header;
            this.salt = salt;
            this.gcm = Arrays.equals(header, 0, 8, MAGIC_GCM, 0, 8);
        }

        /** Encrypts {@code n} bytes of {@code plain} into {@code sealed}: ciphertext, then the tag. */
        void seal(int index, byte[] plain, int n, byte[] sealed) throws IOException {
            try {
                ctr(Cipher.ENCRYPT_MODE, index).doFinal(plain, 0, n, sealed, 0);
                tag(index, sealed, n, sealed, n);
            } catch (GeneralSecurityException e) {
                throw new IOException("cipher failed: " + e.getMessage(), e);
            }
        }

        /** Reads chunk {@code index}, checks its tag, and (when {@code decrypt}) returns its plaintext. */
        byte[] open(FileChannel file, int index, long length, boolean decrypt) throws IOException {
            int n = (int) Math.min(CHUNK, length - (long) index * CHUNK);
            ByteBuffer sealed = ByteBuffer.allocate(n + TAG);
            long position = HEADER + (long) index * (CHUNK + TAG);
            while (sealed.hasRemaining()) {
                if (file.read(sealed, position + sealed.position()) < 0) {
                    throw new IOException("damaged clip: ends early");
                }
            }
            byte[] data = sealed.array();
            try {
                if (gcm) {
                    return gcm(index, data, n + TAG);
                }
                byte[] expected = new byte[TAG];
                tag(index, data, n, expected, 0);
                if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, n, n + TAG))) {
                    throw new IOException("damaged clip: chunk " + index + " fails authentication");
                }
                return decrypt ? ctr(Cipher.DECRYPT_MODE, index).doFinal(data, 0, n) : null;
            } catch (GeneralSecurityException e) {
                throw new IOException("cipher failed: " + e.getMessage(), e);
            }
        }

        private Cipher ctr(int mode, int index) throws GeneralSecurityException {
            if (ctr == null) {
                ctr = Cipher.getInstance("AES/CTR/NoPadding");
            }
            byte[] counter = ByteBuffer.allocate(16).put(salt).putInt(index).putInt(0).array();
            ctr.init(mode, encryptionKey, new IvParameterSpec(counter));
            return ctr;
        }

        private void tag(int index, byte[] data, int n, byte[] to, int at) throws GeneralSecurityException {
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(macKey);
            }
            mac.update(header);
            mac.update(ByteBuffer.allocate(4).putInt(index).array());
            mac.update(data, 0, n);
            System.arraycopy(mac.doFinal(), 0, to, at, TAG);
        }

        /** The first format: AES-256-GCM with the configured key. */
        private byte[] gcm(int index, byte[] data, int length) throws IOException {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                byte[] iv = ByteBuffer.allocate(12).put(salt).putInt(index).array();
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, iv));
                c.updateAAD(header);
                c.updateAAD(ByteBuffer.allocate(4).putInt(index).array());
                return c.doFinal(data, 0, length);
            } catch (javax.crypto.AEADBadTagException e) {
                throw new IOException("damaged clip: chunk " + index + " fails authentication");
            } catch (GeneralSecurityException e) {
                throw new IOException("cipher failed: " + e.getMessage(), e);
            }
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
