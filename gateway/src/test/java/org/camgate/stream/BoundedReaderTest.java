package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(NettyLeakCheck.class)
class BoundedReaderTest {
    private static final int VIDEO = 0;
    private static final int AUDIO = 1;
    private static final long STALL = TimeUnit.SECONDS.toNanos(1);

    private final List<Frame> created = new ArrayList<>();
    private final List<ByteBuf> reports = new ArrayList<>();
    private final long t0 = System.nanoTime();

    @AfterEach
    void everythingReleased() {
        assertThat(created).allSatisfy(f -> assertThat(f.refCnt()).isZero());
        assertThat(reports).allSatisfy(r -> assertThat(r.refCnt()).isZero());
    }

    /** A reader whose socket backlog the test sets, recording what it writes. */
    private static final class FakeReader extends BoundedReader {
        final List<Frame> written = new CopyOnWriteArrayList<>();
        final List<Integer> writtenRefCnt = new CopyOnWriteArrayList<>();
        final List<Integer> reportTracks = new CopyOnWriteArrayList<>();
        final Set<Integer> tracks;
        EventExecutor executor = ImmediateEventExecutor.INSTANCE;
        long pending;
        int stalls;

        FakeReader(long maxQueuedBytes, Set<Integer> tracks) {
            super(2, maxQueuedBytes, STALL);
            this.tracks = tracks;
        }

        @Override
        protected EventExecutor executor() {
            return executor;
        }

        @Override
        protected long pendingBytes() {
            return pending;
        }

        @Override
        protected void write(Frame frame) {
            writtenRefCnt.add(frame.refCnt());
            written.add(frame);
        }

        @Override
        protected void writeSenderReport(int track, ByteBuf report) {
            assertThat(report.refCnt()).isGreaterThan(1);
            reportTracks.add(track);
        }

        @Override
        protected void stalled() {
            stalls++;
        }

        @Override
        protected boolean wants(int track) {
            return tracks.contains(track);
        }
    }

    /** Offers a frame as the stream does: the stream owns it and releases it after the call. */
    private Frame offer(BoundedReader reader, int track, boolean keyframe, int bytes, long atNanos) {
        Frame frame = new Frame(track, keyframe, List.of(Unpooled.buffer(bytes).writeZero(bytes)), atNanos);
        created.add(frame);
        try {
            reader.onFrame(frame);
        } finally {
            frame.release();
        }
        return frame;
    }

    private Frame offer(BoundedReader reader, int track, boolean keyframe, int bytes) {
        return offer(reader, track, keyframe, bytes, t0);
    }

    @Test
    void framesBeforeTheFirstKeyframeAreDropped() {
        FakeReader reader = new FakeReader(1000, Set.of(VIDEO, AUDIO));
        offer(reader, VIDEO, false, 10);
        offer(reader, VIDEO, false, 10);
        Frame key = offer(reader, VIDEO, true, 10);
        Frame p = offer(reader, VIDEO, false, 10);

        assertThat(reader.written).containsExactly(key, p);
        assertThat(reader.framesDropped()).isEqualTo(2);
        assertThat(reader.bytesSent()).isEqualTo(20);
        assertThat(reader.writtenRefCnt).as("frame retained while written").containsOnly(2);
    }

    @Test
    void audioIsNotHeldBackWhileVideoWaitsForAKeyframe() {
        FakeReader reader = new FakeReader(1000, Set.of(VIDEO, AUDIO));
        offer(reader, VIDEO, false, 10);
        Frame a1 = offer(reader, AUDIO, true, 5);
        offer(reader, VIDEO, false, 10);
        Frame a2 = offer(reader, AUDIO, true, 5);

        assertThat(reader.written).containsExactly(a1, a2);
    }

    @Test
    void frameOverTheBoundIsDroppedAndTheTrackWaitsForTheNextKeyframe() {
        FakeReader reader = new FakeReader(100, Set.of(VIDEO, AUDIO));
        Frame key = offer(reader, VIDEO, true, 40);

        reader.pending = 70;
        offer(reader, VIDEO, false, 40); // 70 + 40 > 100
        reader.pending = 0;
        offer(reader, VIDEO, false, 40); // fits, but would not decode
        Frame audio = offer(reader, AUDIO, true, 10);
        Frame key2 = offer(reader, VIDEO, true, 40);
        Frame p = offer(reader, VIDEO, false, 40);

        assertThat(reader.written).containsExactly(key, audio, key2, p);
        assertThat(reader.framesDropped()).isEqualTo(2);
    }

    @Test
    void keyframeOverTheBoundIsDroppedToo() {
        FakeReader reader = new FakeReader(100, Set.of(VIDEO));
        reader.pending = 90;
        offer(reader, VIDEO, true, 40);
        offer(reader, VIDEO, false, 5);
        reader.pending = 0;
        Frame key = offer(reader, VIDEO, true, 40);

        assertThat(reader.written).containsExactly(key);
    }

    @Test
    void frameExactlyAtTheBoundIsSent() {
        FakeReader reader = new FakeReader(100, Set.of(VIDEO));
        reader.pending = 60;
        Frame key = offer(reader, VIDEO, true, 40);
        assertThat(reader.written).containsExactly(key);
    }

    @Test
    void framesQueuedOnTheReaderLoopCountAgainstTheBound() throws Exception {
        DefaultEventExecutor loop = new DefaultEventExecutor();
        try {
            FakeReader reader = new FakeReader(100, Set.of(VIDEO));
            reader.executor = loop;
            CountDownLatch blocked = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    blocked.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            Frame key = offer(reader, VIDEO, true, 40);
            Frame p1 = offer(reader, VIDEO, false, 40);
            offer(reader, VIDEO, false, 40); // 80 in flight + 40 > 100
            offer(reader, VIDEO, false, 10); // fits, but the track now waits for a keyframe
            assertThat(key.refCnt()).as("held by the queued write").isEqualTo(1);

            blocked.countDown();
            await().atMost(5, TimeUnit.SECONDS).until(() -> reader.written.size() == 2);
            assertThat(reader.written).containsExactly(key, p1);
            await().atMost(5, TimeUnit.SECONDS).until(() -> key.refCnt() == 0 && p1.refCnt() == 0);

            Frame key2 = offer(reader, VIDEO, true, 90);
            await().atMost(5, TimeUnit.SECONDS).until(() -> reader.written.size() == 3);
            assertThat(reader.written.get(2)).isSameAs(key2);
            await().atMost(5, TimeUnit.SECONDS).until(() -> reader.bytesSent() == 170);
            assertThat(reader.framesDropped()).isEqualTo(2);
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> created.stream().allMatch(f -> f.refCnt() == 0));
    }

    @Test
    void frameIsReleasedWhenTheReaderLoopRejectsIt() {
        DefaultEventExecutor loop = new DefaultEventExecutor();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        FakeReader reader = new FakeReader(1000, Set.of(VIDEO));
        reader.executor = loop;

        Frame key = offer(reader, VIDEO, true, 10);
        ByteBuf report = Unpooled.buffer(32).writeZero(32);
        reports.add(report);
        reader.onSenderReport(VIDEO, report);
        report.release();

        assertThat(reader.written).isEmpty();
        assertThat(key.refCnt()).isZero();
        assertThat(report.refCnt()).isZero();
    }

    @Test
    void stalledWhenNothingIsAcceptedForLongerThanTheStallTime() {
        FakeReader reader = new FakeReader(100, Set.of(VIDEO));
        offer(reader, VIDEO, true, 10, t0);
        reader.pending = 1000;

        offer(reader, VIDEO, false, 10, t0 + STALL / 2);
        offer(reader, VIDEO, true, 10, t0 + STALL);
        assertThat(reader.stalls).isZero();

        offer(reader, VIDEO, true, 10, t0 + STALL + 1);
        assertThat(reader.stalls).isEqualTo(1);
        offer(reader, VIDEO, false, 10, t0 + 2 * STALL);
        assertThat(reader.stalls).as("reported once").isEqualTo(1);
    }

    @Test
    void readerThatNeverGetsAKeyframeStalls() {
        FakeReader reader = new FakeReader(100, Set.of(VIDEO));
        offer(reader, VIDEO, false, 10, t0 + 2 * STALL);
        assertThat(reader.stalls).isEqualTo(1);
    }

    @Test
    void tracksTheReaderDidNotSetUpAreIgnored() {
        FakeReader reader = new FakeReader(1000, Set.of(VIDEO));
        Frame audio = offer(reader, AUDIO, true, 10);
        Frame unknown = offer(reader, 7, true, 10);

        assertThat(reader.written).isEmpty();
        assertThat(reader.framesDropped()).isZero();
        assertThat(audio.refCnt()).isZero();
        assertThat(unknown.refCnt()).isZero();
    }

    @Test
    void senderReportsAreWrittenForWantedTracksOnly() {
        FakeReader reader = new FakeReader(1000, Set.of(VIDEO));
        for (int track : new int[] {VIDEO, AUDIO, 5}) {
            ByteBuf report = Unpooled.buffer(32).writeZero(32);
            reports.add(report);
            reader.onSenderReport(track, report);
            report.release();
        }
        assertThat(reader.reportTracks).containsExactly(VIDEO);
    }
}
