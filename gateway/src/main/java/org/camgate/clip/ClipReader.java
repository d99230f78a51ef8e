package org.camgate.clip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Plaintext byte ranges of one stored clip file (decrypting only the chunks a range needs). Not thread-safe. */
public final class ClipReader implements AutoCloseable {
    private final FileChannel file;
    private final long length;
    private final ClipCipher cipher;

    ClipReader(FileChannel file, long length, ClipCipher cipher) {
        this.file = file;
        this.length = length;
        this.cipher = cipher;
    }

    /** The plaintext length. */
    public long length() {
        return length;
    }

    public byte[] read(long from, int count) throws IOException {
        if (cipher != null) {
            return cipher.read(file, from, count);
        }
        ByteBuffer out = ByteBuffer.allocate(count);
        while (out.hasRemaining()) {
            if (file.read(out, from + out.position()) < 0) {
                throw new ClipStore.DamagedClipException("ends early");
            }
        }
        return out.array();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
