package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.camgate.protocol.rtp.Rtcp;
import org.camgate.protocol.rtp.Rtp;
import org.camgate.testing.NettyLeakCheck;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camgate.testing.RtpPackets.rtp;

/**
 * Drives a camera stream on an embedded event loop with frozen time: the fake upstream hands out
 * the stream's listener, and the test plays the camera through it.
 */
@ExtendWith(NettyLeakCheck.class)
class CameraStreamTest {
    private static final long CAMERA_SSRC = 0x0badcafeL;
    private static final StreamDescription DESCRIPTION = new StreamDescription("v=0\r\n", List.of(
            new TrackInfo(0, "video", "H264", 90_000), new TrackInfo(1, "audio", "PCMA", 8000)));
    private static final StreamSettings SETTINGS = new StreamSettings(1 << 20, 1 << 18, Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(4));

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final FakeSource source = new FakeSource();
    private final AtomicBoolean gateOpen = new AtomicBoolean(true);
    private final List<ByteBuf> fromCamera = new ArrayList<>();
    private CameraStream stream;

    @BeforeEach
    void setUp() {
        channel.freezeTime();
        EventLoop loop = channel.eventLoop();
        stream = new CameraStream("cam1", loop, source, gateOpen::get, SETTINGS, UnpooledByteBufAllocator.DEFAULT);
    }

    @AfterEach
    void closeAndCheckBuffers() {
        stream.close();
        runTasks();
        channel.finishAndReleaseAll();
        assertThat(fromCamera).allSatisfy(b -> assertThat(b.refCnt()).as("camera packet released").isZero());
    }

    private static final class FakeSession implements UpstreamSource.UpstreamSession {
        int closes;

        @Override
        public void close() {
            closes++;
        }
    }

    private static final class FakeSource implements UpstreamSource {
        final List<UpstreamListener> listeners = new ArrayList<>();
        final List<FakeSession> sessions = new ArrayList<>();

        @Override
        public UpstreamSession open(EventLoop loop, UpstreamListener listener) {
            assertThat(loop.inEventLoop()).isTrue();
            listeners.add(listener);
            FakeSession session = new FakeSession();
            sessions.add(session);
            return session;
        }

        UpstreamListener last() {
            return listeners.get(listeners.size() - 1);
        }

        int opened() {
            return listeners.size();
        }
    }

    /** What a reader saw of a frame: its first packet's interleaved channel and RTP header fields. */
    record Seen(int track, boolean keyframe, int packets, int channel, int seq, long ts, long ssrc) {
    }

    private static final class RecordingReader implements StreamReader {
        final List<Seen> frames = new ArrayList<>();
        final List<Long> reportSsrcs = new ArrayList<>();
        final List<Integer> reportChannels = new ArrayList<>();

        @Override
        public void onFrame(Frame frame) {
            ByteBuf first = frame.packets().get(0);
            ByteBuf rtp = first.slice(first.readerIndex() + Frame.HEADER, first.readableBytes() - Frame.HEADER);
            frames.add(new Seen(frame.track(), frame.keyframe(), frame.packets().size(),
                    first.getUnsignedByte(first.readerIndex() + 1), Rtp.sequenceNumber(rtp), Rtp.timestamp(rtp),
                    Rtp.ssrc(rtp)));
        }

        @Override
        public void onSenderReport(int track, ByteBuf report) {
            reportChannels.add((int) report.getUnsignedByte(report.readerIndex() + 1));
            reportSsrcs.add(Rtcp.ssrc(report.slice(report.readerIndex() + Frame.HEADER,
                    report.readableBytes() - Frame.HEADER)));
        }

        List<Integer> seqs(int track) {
            return frames.stream().filter(f -> f.track() == track).map(Seen::seq).toList();
        }
    }

    private void runTasks() {
        channel.runPendingTasks();
        channel.runPendingTasks();
    }

    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        runTasks();
    }

    private ByteBuf camera(RtpPackets packet) {
        ByteBuf buf = packet.ssrc(CAMERA_SSRC).build();
        fromCamera.add(buf);
        return buf;
    }

    private void video(UpstreamListener l, int seq, long ts, boolean marker, int... payload) {
        l.onRtp(0, camera(rtp().payloadType(96).seq(seq).ts(ts).marker(marker).payload(payload)));
    }

    private void audio(UpstreamListener l, int seq, long ts) {
        l.onRtp(1, camera(rtp().payloadType(8).seq(seq).ts(ts).payloadOfSize(160)));
    }

    /** Acquires the stream, opens the upstream and lets the camera play. */
    private UpstreamListener playing() {
        stream.acquire();
        CompletableFuture<StreamDescription> described = stream.describe();
        runTasks();
        assertThat(source.opened()).isEqualTo(1);
        source.last().onPlaying(DESCRIPTION);
        assertThat(described).isCompletedWithValue(DESCRIPTION);
        return source.last();
    }

    private RecordingReader attach(AtomicReference<CameraStream.RtpStart[]> starts) {
        RecordingReader reader = new RecordingReader();
        stream.attach(reader, starts::set);
        runTasks();
        return reader;
    }

    @Test
    void describeOpensTheUpstreamAndCompletesWhenPlaying() {
        CompletableFuture<StreamDescription> described = stream.describe();
        assertThat(source.opened()).isZero();
        runTasks();
        assertThat(source.opened()).isEqualTo(1);
        assertThat(described).isNotDone();

        source.last().onPlaying(DESCRIPTION);

        assertThat(described).isCompletedWithValue(DESCRIPTION);
        CompletableFuture<StreamDescription> again = stream.describe();
        runTasks();
        assertThat(again).isCompletedWithValue(DESCRIPTION);
        assertThat(source.opened()).isEqualTo(1);
    }

    @Test
    void concurrentDescribesShareOneUpstream() {
        CompletableFuture<StreamDescription> first = stream.describe();
        CompletableFuture<StreamDescription> second = stream.describe();
        runTasks();
        assertThat(source.opened()).isEqualTo(1);

        source.last().onPlaying(DESCRIPTION);

        assertThat(first).isCompletedWithValue(DESCRIPTION);
        assertThat(second).isCompletedWithValue(DESCRIPTION);
    }

    @Test
    void describeTimesOutThenTheIdleUpstreamLingersAndCloses() {
        CompletableFuture<StreamDescription> described = stream.describe();
        runTasks();

        advance(4_999);
        assertThat(described).isNotDone();
        advance(1);
        assertThatThrownBy(described::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("within 5 s");

        advance(9_999);
        assertThat(source.sessions.get(0).closes).isZero();
        advance(1);
        assertThat(source.sessions.get(0).closes).isEqualTo(1);
    }

    @Test
    void readerAttachedMidStreamGetsTheGopFromItsKeyframeThenLiveFrames() {
        UpstreamListener camera = playing();
        video(camera, 1, 1000, true, 0x41, 1);                 // before any keyframe: not cached
        video(camera, 2, 4000, false, 0x7c, 0x85, 2);          // FU-A start of an IDR
        video(camera, 3, 4000, true, 0x7c, 0x45, 3);
        audio(camera, 50, 160);
        video(camera, 4, 7000, true, 0x41, 4);

        AtomicReference<CameraStream.RtpStart[]> starts = new AtomicReference<>();
        RecordingReader reader = attach(starts);

        assertThat(reader.frames).extracting(Seen::track, Seen::keyframe, Seen::seq, Seen::packets).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, true, 2, 2),
                org.assertj.core.groups.Tuple.tuple(1, true, 50, 1),
                org.assertj.core.groups.Tuple.tuple(0, false, 4, 1));
        assertThat(starts.get()).containsExactly(new CameraStream.RtpStart(2, 4000), new CameraStream.RtpStart(50, 160));

        video(camera, 5, 10_000, true, 0x41, 5);
        audio(camera, 51, 320);

        assertThat(reader.seqs(0)).containsExactly(2, 4, 5);
        assertThat(reader.seqs(1)).containsExactly(50, 51);
        assertThat(reader.frames).allSatisfy(f -> {
            assertThat(f.ssrc()).isNotEqualTo(CAMERA_SSRC);
            assertThat(f.channel()).isEqualTo(2 * f.track());
        });
        assertThat(stream.framesIn()).isEqualTo(6);
    }

    @Test
    void readerAttachedBeforeAnyKeyframeStartsEmpty() {
        UpstreamListener camera = playing();
        video(camera, 1, 1000, true, 0x41, 1);

        AtomicReference<CameraStream.RtpStart[]> starts = new AtomicReference<>();
        RecordingReader reader = attach(starts);

        assertThat(reader.frames).isEmpty();
        assertThat(starts.get()[0]).as("video waits for the next keyframe: its first packet is unknown").isNull();
        assertThat(starts.get()[1]).as("no audio yet").isNull();
    }

    @Test
    void detachStopsDelivery() {
        UpstreamListener camera = playing();
        RecordingReader reader = attach(new AtomicReference<>());
        video(camera, 1, 1000, true, 0x65, 1);

        stream.detach(reader);
        runTasks();
        video(camera, 2, 4000, true, 0x41, 2);
        audio(camera, 3, 160);

        assertThat(reader.seqs(0)).containsExactly(1);
        assertThat(reader.seqs(1)).isEmpty();
    }

    @Test
    void closedGateHoldsFramesBackButKeepsTheGop() {
        UpstreamListener camera = playing();
        RecordingReader early = attach(new AtomicReference<>());
        gateOpen.set(false);
        video(camera, 1, 1000, true, 0x65, 1);
        assertThat(early.frames).isEmpty();

        gateOpen.set(true);
        RecordingReader late = attach(new AtomicReference<>());
        assertThat(late.seqs(0)).containsExactly(1);
    }

    @Test
    void upstreamClosedReconnectsWithBackoffWhileAReaderHoldsTheStream() {
        UpstreamListener first = playing();

        first.onClosed("connection reset");
        advance(999);
        assertThat(source.opened()).isEqualTo(1);
        advance(1);
        assertThat(source.opened()).isEqualTo(2);

        source.last().onClosed("connection refused");
        advance(1_999);
        assertThat(source.opened()).as("backoff doubled").isEqualTo(2);
        advance(1);
        assertThat(source.opened()).isEqualTo(3);

        source.last().onClosed("connection refused");
        advance(4_000);
        assertThat(source.opened()).isEqualTo(4);
        source.last().onClosed("connection refused");
        advance(3_999);
        assertThat(source.opened()).as("backoff capped at 4 s").isEqualTo(4);
        advance(1);
        assertThat(source.opened()).isEqualTo(5);

        source.last().onPlaying(DESCRIPTION);
        source.last().onClosed("camera rebooted");
        advance(1_000);
        assertThat(source.opened()).as("backoff reset once playing").isEqualTo(6);
    }

    @Test
    void noReconnectWhenNobodyNeedsTheStream() {
        CompletableFuture<StreamDescription> described = stream.describe();
        runTasks();
        source.last().onPlaying(DESCRIPTION);
        assertThat(described).isDone();

        source.last().onClosed("camera went away");
        advance(30_000);

        assertThat(source.opened()).isEqualTo(1);
    }

    @Test
    void readerKeepsContinuousNumbersAcrossAReconnect() {
        UpstreamListener first = playing();
        RecordingReader reader = attach(new AtomicReference<>());
        video(first, 100, 90_000, true, 0x65, 1);

        first.onClosed("reset");
        advance(1_000);
        UpstreamListener second = source.last();
        assertThat(second).isNotSameAs(first);
        second.onPlaying(DESCRIPTION);
        video(second, 7, 42, true, 0x65, 2);

        assertThat(reader.seqs(0)).containsExactly(100, 101);
        assertThat(reader.frames.get(1).ts()).isGreaterThan(90_000L);
        assertThat(reader.frames.get(1).ssrc()).isEqualTo(reader.frames.get(0).ssrc());
    }

    @Test
    void eventsOfAnEndedSessionAreIgnoredAndReleased() {
        UpstreamListener first = playing();
        RecordingReader reader = attach(new AtomicReference<>());
        first.onClosed("reset");
        advance(1_000);
        source.last().onPlaying(DESCRIPTION);

        video(first, 1, 1000, true, 0x65, 1);
        ByteBuf sr = RtpPackets.senderReport(CAMERA_SSRC, 1, 2, 3, 4);
        fromCamera.add(sr);
        first.onRtcp(0, sr);
        first.onClosed("late close");
        advance(10_000);

        assertThat(reader.frames).isEmpty();
        assertThat(reader.reportSsrcs).isEmpty();
        assertThat(source.opened()).isEqualTo(2);
        assertThat(source.sessions.get(1).closes).isZero();
    }

    @Test
    void invalidPacketsAndUnknownTracksAreReleased() {
        UpstreamListener camera = playing();
        RecordingReader reader = attach(new AtomicReference<>());

        ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        fromCamera.add(garbage);
        camera.onRtp(0, garbage);
        camera.onRtp(5, camera(rtp().seq(1).payload(0x65)));
        ByteBuf notReport = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1});
        fromCamera.add(notReport);
        camera.onRtcp(0, notReport);

        assertThat(reader.frames).isEmpty();
        assertThat(reader.reportSsrcs).isEmpty();
    }

    @Test
    void rtpBeforePlayingIsReleased() {
        stream.acquire();
        runTasks();
        video(source.last(), 1, 1000, true, 0x65, 1);
        assertThat(stream.framesIn()).isZero();
    }

    @Test
    void senderReportsAreRewrittenAndForwarded() {
        UpstreamListener camera = playing();
        RecordingReader reader = attach(new AtomicReference<>());
        video(camera, 1, 1000, true, 0x65, 1);

        ByteBuf compound = Unpooled.buffer();
        ByteBuf sr = RtpPackets.senderReport(CAMERA_SSRC, 1, 1000, 3, 4);
        compound.writeBytes(sr).writeBytes(new byte[] {(byte) 0x81, (byte) 202, 0, 1, 0, 0, 0, 1});
        sr.release();
        fromCamera.add(compound);
        camera.onRtcp(0, compound);

        assertThat(reader.reportChannels).containsExactly(1);
        assertThat(reader.reportSsrcs).containsExactly(reader.frames.get(0).ssrc());
    }

    @Test
    void oversizedFrameIsDroppedAndTheStreamCarriesOn() {
        stream = new CameraStream("cam1", channel.eventLoop(), source, gateOpen::get,
                new StreamSettings(1 << 20, 100, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(1),
                        Duration.ofSeconds(4)), UnpooledByteBufAllocator.DEFAULT);
        UpstreamListener camera = playing();
        RecordingReader reader = attach(new AtomicReference<>());

        camera.onRtp(0, camera(rtp().seq(1).ts(1000).payloadOfSize(60, 0x7c, 0x85)));
        camera.onRtp(0, camera(rtp().seq(2).ts(1000).marker().payloadOfSize(60, 0x7c, 0x45)));
        video(camera, 3, 4000, true, 0x65, 3);

        assertThat(reader.seqs(0)).containsExactly(3);
        assertThat(source.sessions.get(0).closes).isZero();
    }

    @Test
    void lingerClosesTheUpstreamAfterTheLastRelease() {
        playing();
        stream.release();
        runTasks();

        advance(9_999);
        assertThat(source.sessions.get(0).closes).isZero();
        advance(1);
        assertThat(source.sessions.get(0).closes).isEqualTo(1);

        stream.acquire();
        runTasks();
        assertThat(source.opened()).as("a new reader opens a new session").isEqualTo(2);
    }

    @Test
    void acquireDuringLingerKeepsTheUpstream() {
        playing();
        stream.release();
        runTasks();
        advance(5_000);

        stream.acquire();
        runTasks();
        advance(60_000);

        assertThat(source.sessions.get(0).closes).isZero();
        assertThat(source.opened()).isEqualTo(1);
    }

    @Test
    void lingerAlsoStopsReconnecting() {
        UpstreamListener camera = playing();
        camera.onClosed("reset");
        stream.release();
        runTasks();

        advance(60_000);

        assertThat(source.opened()).as("one reconnect inside the linger time, none after").isLessThanOrEqualTo(2);
        int opened = source.opened();
        advance(60_000);
        assertThat(source.opened()).isEqualTo(opened);
    }

    @Test
    void closeFailsWaitersAndEndsTheUpstream() {
        CompletableFuture<StreamDescription> described = stream.describe();
        runTasks();

        CompletableFuture<Void> closed = stream.close();
        runTasks();

        assertThat(closed).isCompleted();
        assertThatThrownBy(described::get).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(source.sessions.get(0).closes).isEqualTo(1);
        CompletableFuture<StreamDescription> after = stream.describe();
        runTasks();
        assertThat(after).isCompletedExceptionally();
        assertThat(source.opened()).isEqualTo(1);
    }
}
