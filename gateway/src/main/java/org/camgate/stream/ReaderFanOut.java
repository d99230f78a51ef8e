package org.camgate.stream;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands each frame to a stream's readers with one task per reader event loop, not one per reader: the readers
 * that accept the frame are grouped by the loop their channel lives on, and that loop gets one task writing the
 * frame to all of them (each reader still flushes its own channel once). Readers on the stream's own loop are
 * written last, in place, after the other loops got their work. Confined to the stream's loop.
 */
final class ReaderFanOut {
    private static final Logger log = LoggerFactory.getLogger(ReaderFanOut.class);

    /** One per reader loop that had readers for the last frame; as many as the gateway has loops at most. */
    private final List<LoopBatch> batches = new ArrayList<>();

    /** Offers {@code frame} to every reader; the caller keeps its reference (each batch retains its own). */
    void send(Frame frame, Iterable<? extends StreamReader> readers) {
        LoopBatch inPlace = null;
        for (StreamReader reader : readers) {
            if (!(reader instanceof BoundedReader bounded)) {
                reader.onFrame(frame);
            } else if (bounded.accept(frame)) {
                batchFor(bounded.executor()).add(bounded);
            }
        }
        for (int i = batches.size() - 1; i >= 0; i--) {
            LoopBatch batch = batches.get(i);
            if (batch.isEmpty()) {
                batches.remove(i);
            } else if (batch.executor.inEventLoop()) {
                inPlace = batch;
            } else {
                batch.dispatch(frame);
            }
        }
        if (inPlace != null) {
            inPlace.writeHere(frame);
        }
    }

    private LoopBatch batchFor(EventExecutor executor) {
        for (LoopBatch batch : batches) {
            if (batch.executor == executor) {
                return batch;
            }
        }
        LoopBatch batch = new LoopBatch(executor);
        batches.add(batch);
        return batch;
    }

    private static void write(BoundedReader[] targets, int count, Frame frame) {
        for (int i = 0; i < count; i++) {
            try {
                targets[i].writeAccepted(frame);
            } catch (RuntimeException e) {
                // One reader's failure (its channel closing under it) must not cost the others this frame.
                log.debug("writing a frame to a reader failed", e);
            }
        }
    }

    private static final class LoopBatch {
        final EventExecutor executor;
        private BoundedReader[] readers = new BoundedReader[16];
        private int count;

        LoopBatch(EventExecutor executor) {
            this.executor = executor;
        }

        boolean isEmpty() {
            return count == 0;
        }

        void add(BoundedReader reader) {
            if (count == readers.length) {
                readers = Arrays.copyOf(readers, count * 2);
            }
            readers[count++] = reader;
        }

        /** One task on the batch's loop writes the frame to each of its readers. */
        void dispatch(Frame frame) {
            BoundedReader[] targets = Arrays.copyOf(readers, count);
            clear();
            frame.retain();
            try {
                executor.execute(() -> {
                    try {
                        write(targets, targets.length, frame);
                    } finally {
                        frame.release();
                    }
                });
            } catch (RejectedExecutionException closing) {
                for (BoundedReader target : targets) {
                    target.abandon(frame);
                }
                frame.release();
            }
        }

        void writeHere(Frame frame) {
            try {
                write(readers, count, frame);
            } finally {
                clear();
            }
        }

        private void clear() {
            Arrays.fill(readers, 0, count, null);
            count = 0;
        }
    }
}
