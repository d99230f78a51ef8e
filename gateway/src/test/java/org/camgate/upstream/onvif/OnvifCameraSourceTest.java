package org.camgate.upstream.onvif;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.UpstreamListener;
import org.camgate.stream.UpstreamSource;
import org.camgate.upstream.CameraCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OnvifCameraSourceTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final List<URI> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static ResolvedStream stream(String uri) {
        return new ResolvedStream(URI.create(uri), CameraCredentials.NONE, new MediaProfile("p", "p", "", "", "H264", 0, 0),
                new ServiceAddresses("http://127.0.0.1/m", ""), Duration.ZERO);
    }

    private final UpstreamListener listener = new UpstreamListener() {
        @Override
        public void onPlaying(StreamDescription description) {
        }

        @Override
        public void onRtp(int track, ByteBuf rtp) {
            rtp.release();
        }

        @Override
        public void onRtcp(int track, ByteBuf rtcp) {
            rtcp.release();
        }

        @Override
        public void onClosed(String reason) {
            closed.add(reason);
        }
    };

    private OnvifCameraSource source(Supplier<CompletableFuture<ResolvedStream>> cached,
                                     Supplier<CompletableFuture<ResolvedStream>> refreshed) {
        return new OnvifCameraSource("door", cached, refreshed, s -> (l, lis) -> {
            opened.add(s.uri());
            return () -> { };
        });
    }

    @Test
    void firstConnectUsesTheCacheAndEveryReconnectAsksAgain() {
        Deque<String> answers = new ArrayDeque<>(List.of("rtsp://127.0.0.1/b", "rtsp://127.0.0.1/c"));
        OnvifCameraSource source = source(() -> CompletableFuture.completedFuture(stream("rtsp://127.0.0.1/a")),
                () -> CompletableFuture.completedFuture(stream(answers.poll())));
        for (int i = 0; i < 3; i++) {
            loop.submit(() -> source.open(loop, listener)).syncUninterruptibly();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> opened.size() == 3);
        assertThat(opened).extracting(URI::getPath).containsExactly("/a", "/b", "/c");
    }

    @Test
    void failedResolutionEndsTheSessionWithTheReason() {
        OnvifCameraSource source = source(() -> CompletableFuture.failedFuture(new OnvifException("door", "GetProfiles",
                OnvifFailure.TIMEOUT, "no answer within 10000 ms", null)), CompletableFuture::new);
        loop.submit(() -> source.open(loop, listener)).syncUninterruptibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> !closed.isEmpty());
        assertThat(closed).containsExactly("ONVIF GetProfiles failed: no answer within 10000 ms");
        assertThat(opened).isEmpty();
    }

    @Test
    void sessionClosedBeforeResolutionOpensNothing() {
        CompletableFuture<ResolvedStream> pending = new CompletableFuture<>();
        OnvifCameraSource source = source(() -> pending, CompletableFuture::new);
        UpstreamSource.UpstreamSession session = loop.submit(() -> source.open(loop, listener)).syncUninterruptibly().getNow();
        loop.submit(session::close).syncUninterruptibly();
        pending.complete(stream("rtsp://127.0.0.1/a"));
        loop.submit(() -> { }).syncUninterruptibly();
        loop.submit(() -> { }).syncUninterruptibly();
        assertThat(opened).isEmpty();
        assertThat(closed).isEmpty();
    }

    @Test
    void refreshFallsBackToTheLastKnownStream() {
        Deque<Object> answers = new ArrayDeque<>(List.of("rtsp://127.0.0.1/a",
                new OnvifException("door", "GetStreamUri", OnvifFailure.TIMEOUT, "no answer", null),
                "rtsp://127.0.0.1/b"));
        StreamCache<ResolvedStream> cache = new StreamCache<>(key -> {
            Object next = answers.poll();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return stream((String) next);
        }, Runnable::run, java.time.Duration.ofHours(1));
        assertThat(cache.get("door").join().uri().getPath()).isEqualTo("/a");
        assertThat(OnvifCameras.refreshOrLastKnown(cache, "door").join().uri().getPath()).as("ONVIF down: last known")
                .isEqualTo("/a");
        assertThat(OnvifCameras.refreshOrLastKnown(cache, "door").join().uri().getPath()).isEqualTo("/b");
        assertThat(cache.get("door").join().uri().getPath()).as("the fresh answer is cached").isEqualTo("/b");

        StreamCache<ResolvedStream> failing = new StreamCache<>(key -> {
            throw new OnvifException("door", "GetSystemDateAndTime", OnvifFailure.UNREACHABLE, "refused", null);
        }, Runnable::run, java.time.Duration.ofHours(1));
        assertThatThrownBy(() -> OnvifCameras.refreshOrLastKnown(failing, "door").join())
                .hasCauseInstanceOf(OnvifException.class).hasMessageContaining("refused");
    }
}
