package org.camgate.upstream;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventState;
import org.camgate.stream.Frame;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.TestFrames;
import org.camgate.stream.TrackInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The camera state machine and signal-loss events, on a real event loop with a clock the test moves. */
class CameraWatchTest {
    private static final StreamDescription VIDEO_AND_AUDIO = new StreamDescription("v=0\r\n",
            List.of(new TrackInfo(0, "video", "H264", 90000), new TrackInfo(1, "audio", "PCMU", 8000)));
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final EventBus bus = new EventBus();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private CameraWatch watch;

    @BeforeEach
    void setUp() throws Exception {
        bus.subscribe(events::add);
        watch = on(() -> new CameraWatch("door", "lab", false, Duration.ofSeconds(5), bus, clock, loop));
    }

    @AfterEach
    void tearDown() throws Exception {
        on(() -> {
            watch.close();
            return null;
        });
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    private <T> T on(Callable<T> task) throws Exception {
        return loop.submit(task).get();
    }

    private void run(Runnable task) throws Exception {
        loop.submit(task).get();
    }

    private void frame(int track) throws Exception {
        Frame f = TestFrames.of(track, true, List.of(Unpooled.wrappedBuffer(new byte[12])), System.nanoTime(),
                UnpooledByteBufAllocator.DEFAULT);
        try {
            run(() -> watch.onFrame(f));
        } finally {
            f.release();
        }
    }

    @Test
    void connectingPlayingDownAndPlayingAgainWithSignalLossStartAndEnd() throws Exception {
        assertThat(watch.status().state()).isEqualTo(CameraState.CONNECTING);
        run(watch::opening);
        run(() -> watch.playing(VIDEO_AND_AUDIO));
        frame(0);
        assertThat(watch.status()).isEqualTo(new CameraStatus(CameraState.PLAYING, null, clock.instant(), false));

        clock.advance(Duration.ofSeconds(1));
        run(() -> watch.failed("connection reset by the camera"));
        CameraStatus down = watch.status();
        assertThat(down.state()).isEqualTo(CameraState.DOWN);
        assertThat(down.lastError()).isEqualTo("connection reset by the camera");
        assertThat(down.since()).isEqualTo(clock.instant());
        assertThat(down.signalLost()).isTrue();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("signal-loss");
            assertThat(e.state()).isEqualTo(EventState.START);
            assertThat(e.source().id()).isEqualTo("door");
            assertThat(e.data()).containsEntry("cause", "session-ended");
        });

        // Retries stay down with the newest error and the time it went down; each one is a reconnect.
        clock.advance(Duration.ofSeconds(1));
        run(watch::opening);
        run(() -> watch.failed("connection refused"));
        assertThat(watch.status().state()).isEqualTo(CameraState.DOWN);
        assertThat(watch.status().lastError()).isEqualTo("connection refused");
        assertThat(watch.status().since()).isEqualTo(down.since());
        run(watch::opening);
        assertThat(watch.reconnects()).isEqualTo(2);
        assertThat(events).hasSize(1);

        run(() -> watch.playing(VIDEO_AND_AUDIO));
        assertThat(watch.status().state()).isEqualTo(CameraState.PLAYING);
        assertThat(watch.status().signalLost()).as("lost until video returns").isTrue();
        frame(1);
        assertThat(events).as("audio does not end a video signal loss").hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        frame(0);
        assertThat(watch.status().signalLost()).isFalse();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).state()).isEqualTo(EventState.END);
        assertThat(events.get(1).data()).containsEntry("durationMs", 3000L);
        assertThat(watch.framesIn()).isEqualTo(3);
        assertThat(watch.signalLosses()).isEqualTo(1);
    }

    @Test
    void aPlayingCameraSilentForSignalLossAfterHasLostItsSignalWhileStillPlaying() throws Exception {
        run(watch::opening);
        run(() -> watch.playing(VIDEO_AND_AUDIO));
        frame(0);
        clock.advance(Duration.ofMillis(4900));
        frame(1); // audio only
        run(watch::checkVideo);
        assertThat(events).isEmpty();
        clock.advance(Duration.ofMillis(100));
        run(watch::checkVideo);
        run(watch::checkVideo);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(EventState.START);
            assertThat(e.data()).containsEntry("cause", "no-video");
        });
        assertThat(watch.status().state()).isEqualTo(CameraState.PLAYING);
        assertThat(watch.status().signalLost()).isTrue();
        frame(0);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).state()).isEqualTo(EventState.END);
    }

    @Test
    void aCameraThatNeverPlayedIsDownNotLost() throws Exception {
        run(watch::opening);
        clock.advance(Duration.ofSeconds(30));
        run(() -> watch.failed(null));
        run(watch::checkVideo);
        assertThat(watch.status().state()).isEqualTo(CameraState.DOWN);
        assertThat(watch.status().lastError()).isEqualTo("unknown error");
        assertThat(watch.status().signalLost()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void onDemandCamerasStartIdleConnectWhenNeededAndGoBackToIdle() throws Exception {
        CameraWatch onDemand = on(() -> new CameraWatch("lobby", "lab", true, Duration.ofSeconds(5), bus, clock, loop));
        try {
            assertThat(onDemand.status().state()).isEqualTo(CameraState.IDLE);
            run(onDemand::opening);
            assertThat(onDemand.status().state()).isEqualTo(CameraState.CONNECTING);
            run(() -> onDemand.playing(VIDEO_AND_AUDIO));
            clock.advance(Duration.ofSeconds(3));
            run(onDemand::closedByGateway);
            assertThat(onDemand.status()).isEqualTo(new CameraStatus(CameraState.IDLE, null, clock.instant(), false));
            clock.advance(Duration.ofSeconds(60));
            run(onDemand::checkVideo);
            assertThat(events).as("an idle camera sends nothing and has lost nothing").isEmpty();
            assertThat(onDemand.reconnects()).isZero();
        } finally {
            run(onDemand::close);
        }
    }

    /** The session events reach the watch through the source decorator; a closed session reports nothing more. */
    @Test
    void watchedSourceReportsOpeningPlayingFailureAndItsOwnClose() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        SessionObserver observer = new SessionObserver() {
            public void opening() { seen.add("opening"); }
            public void playing(StreamDescription d) { seen.add("playing"); }
            public void failed(String reason) { seen.add("failed " + reason); }
            public void closedByGateway() { seen.add("closed"); }
        };
        List<org.camgate.stream.UpstreamListener> listeners = new CopyOnWriteArrayList<>();
        WatchedSource source = new WatchedSource((l, listener) -> {
            listeners.add(listener);
            return () -> { };
        }, observer);
        org.camgate.stream.UpstreamListener sink = new org.camgate.stream.UpstreamListener() {
            public void onPlaying(StreamDescription d) { }
            public void onRtp(int track, io.netty.buffer.ByteBuf rtp) { rtp.release(); }
            public void onRtcp(int track, io.netty.buffer.ByteBuf rtcp) { rtcp.release(); }
            public void onClosed(String reason) { seen.add("stream told " + reason); }
        };
        var first = source.open(loop.next(), sink);
        listeners.get(0).onPlaying(VIDEO_AND_AUDIO);
        listeners.get(0).onClosed("reset");
        first.close();
        var second = source.open(loop.next(), sink);
        second.close();
        second.close();
        assertThat(seen).containsExactly("opening", "playing", "failed reset", "stream told reset", "opening", "closed");
    }

}
