package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(NettyLeakCheck.class)
class ReaderFanOutTest {
    private final List<Frame> created = new ArrayList<>();
    private final List<CountingLoop> loops = new ArrayList<>();

    @AfterEach
    void stopLoopsAndCheckReleased() {
        loops.forEach(l -> l.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly());
        await().atMost(5, TimeUnit.SECONDS).until(() -> created.stream().allMatch(f -> f.refCnt() == 0));
    }

    /** A reader loop (as Netty's DefaultEventExecutor runs) that counts the tasks handed to it. */
    private static final class CountingLoop extends SingleThreadEventExecutor {
        final AtomicInteger tasks = new AtomicInteger();

        CountingLoop() {
            super(null, new DefaultThreadFactory("reader-loop"), true);
        }

        @Override
        protected void run() {
            do {
                Runnable task = takeTask();
                if (task != null) {
                    runTask(task);
                    updateLastExecutionTime();
                }
            } while (!confirmShutdown());
        }

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            super.execute(task);
        }
    }

    private CountingLoop loop() {
        CountingLoop loop = new CountingLoop();
        loops.add(loop);
        return loop;
    }

    private static final class Reader extends BoundedReader {
        final List<Frame> written = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        EventExecutor executor;

        Reader(EventExecutor executor, long maxQueuedBytes) {
            super(1, maxQueuedBytes, TimeUnit.SECONDS.toNanos(10));
            this.executor = executor;
        }

        @Override
        protected EventExecutor executor() {
            return executor;
        }

        @Override
        protected long pendingBytes() {
            return 0;
        }

        @Override
        protected void write(Frame frame) {
            assertThat(frame.refCnt()).as("held while written").isPositive();
            written.add(frame);
            threads.add(Thread.currentThread());
        }

        @Override
        protected void writeSenderReport(int track, ByteBuf report) {
        }

        @Override
        protected void stalled() {
        }

        @Override
        protected boolean wants(int track) {
            return track == 0;
        }
    }

    private Frame frame(boolean keyframe) {
        Frame frame = new Frame(0, keyframe, List.of(Unpooled.buffer(100).writeZero(100)), System.nanoTime());
        created.add(frame);
        return frame;
    }

    /** Sends as the stream does: the stream owns the frame and releases it after the call. */
    private List<Frame> send(ReaderFanOut fanOut, List<? extends StreamReader> readers, int count) {
        List<Frame> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Frame frame = frame(i == 0);
            sent.add(frame);
            try {
                fanOut.send(frame, readers);
            } finally {
                frame.release();
            }
        }
        return sent;
    }

    @Test
    void oneTaskPerReaderLoopAndFrameWhateverTheNumberOfReaders() {
        CountingLoop a = loop();
        CountingLoop b = loop();
        List<Reader> readers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            readers.add(new Reader(i % 2 == 0 ? a : b, 1 << 20));
        }
        ReaderFanOut fanOut = new ReaderFanOut();

        List<Frame> sent = send(fanOut, readers, 10);

        // Each frame is 100 bytes (already interleaved-framed), written once to each reader.
        await().atMost(5, TimeUnit.SECONDS).until(() -> readers.stream().allMatch(r -> r.bytesSent() == 10 * 100));
        assertThat(a.tasks).hasValue(10);
        assertThat(b.tasks).hasValue(10);
        for (Reader reader : readers) {
            assertThat(reader.written).as("every frame, in order").containsExactlyElementsOf(sent);
            assertThat(reader.threads).allMatch(t -> reader.executor.inEventLoop(t));
        }
    }

    @Test
    void readersOnTheStreamsOwnLoopAreWrittenInPlace() {
        Reader here = new Reader(ImmediateEventExecutor.INSTANCE, 1 << 20);
        ReaderFanOut fanOut = new ReaderFanOut();

        List<Frame> sent = send(fanOut, List.of(here), 3);

        assertThat(here.written).containsExactlyElementsOf(sent);
        assertThat(sent).allSatisfy(f -> assertThat(f.refCnt()).isZero());
    }

    @Test
    void aReaderThatRefusesAFrameIsLeftOutOfItsLoopsTask() {
        CountingLoop a = loop();
        Reader fast = new Reader(a, 1 << 20);
        Reader late = new Reader(a, 1 << 20);
        ReaderFanOut fanOut = new ReaderFanOut();
        send(fanOut, List.of(fast), 2);
        // Joins at a delta frame: it waits for the next keyframe, and the loop gets one task per frame still.
        Frame delta = frame(false);
        fanOut.send(delta, List.of(fast, late));
        delta.release();

        await().atMost(5, TimeUnit.SECONDS).until(() -> fast.written.size() == 3);
        assertThat(late.written).isEmpty();
        assertThat(late.framesDropped()).isEqualTo(1);
        assertThat(a.tasks).hasValue(3);
    }

    @Test
    void aLoopThatIsGoneGetsNothingAndItsReadersAccountNothingInFlight() {
        CountingLoop gone = loop();
        gone.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        Reader reader = new Reader(gone, 150);
        ReaderFanOut fanOut = new ReaderFanOut();

        send(fanOut, List.of(reader), 1);
        // Had the refused frame stayed counted in flight, this keyframe (100 + 100 > 150) would be dropped.
        reader.executor = ImmediateEventExecutor.INSTANCE;
        List<Frame> next = send(fanOut, List.of(reader), 1);

        assertThat(reader.written).containsExactlyElementsOf(next);
        assertThat(reader.framesDropped()).isZero();
    }

    @Test
    void otherStreamReadersGetTheFrameDirectly() {
        List<Frame> seen = new ArrayList<>();
        StreamReader plain = new StreamReader() {
            @Override
            public void onFrame(Frame frame) {
                seen.add(frame);
            }

            @Override
            public void onSenderReport(int track, ByteBuf report) {
            }
        };

        List<Frame> sent = send(new ReaderFanOut(), List.of(plain), 2);

        assertThat(seen).containsExactlyElementsOf(sent);
    }
}
