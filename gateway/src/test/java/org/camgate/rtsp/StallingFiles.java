package org.camgate.rtsp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.camgate.mqtt.OutboxFiles;

/**
 * The outbox's files on a disk that can be stalled: while {@link #stall() stalled}, every write and force waits
 * until {@link #recover()} (or, so a broken test cannot hang, at most {@code maxStall}). Counts the calls caught
 * by a stall, so a test can tell the stall was really hit.
 */
final class StallingFiles implements OutboxFiles {
    private final long maxStallNanos;
    private boolean stalled;
    private int waiting;
    private int caught;

    StallingFiles(long maxStall, TimeUnit unit) {
        this.maxStallNanos = unit.toNanos(maxStall);
    }

    synchronized void stall() {
        stalled = true;
    }

    synchronized void recover() {
        stalled = false;
        notifyAll();
    }

    /** Writes and forces waiting for the disk right now. */
    synchronized int waiting() {
        return waiting;
    }

    /** Writes and forces that have waited for the disk since this was made. */
    synchronized int caught() {
        return caught;
    }

    private synchronized void pass() {
        if (!stalled) {
            return;
        }
        caught++;
        waiting++;
        long deadline = System.nanoTime() + maxStallNanos;
        try {
            long left;
            while (stalled && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting--;
        }
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        return new Channel(FileChannel.open(file, options));
    }

    /** Delegates everything to the real channel; writes and forces pass the stall first. */
    private final class Channel extends FileChannel {
        private final FileChannel real;

        Channel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            pass();
            return real.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            pass();
            return real.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            pass();
            return real.write(src, position);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            pass();
            real.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            pass();
            return real.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
