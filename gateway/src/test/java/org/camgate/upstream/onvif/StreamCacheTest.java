package org.camgate.upstream.onvif;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-camera stream cache with a hand-run executor and a hand-moved nano clock. */
class StreamCacheTest {
    private static final Duration CACHE_TIME = Duration.ofMinutes(5);

    /** Runs loads only when the test says so, so concurrent callers can meet a load in flight. */
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final Executor executor = tasks::add;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> loads = new ArrayList<>();
    /** What the camera answers next, per call: a value, or a RuntimeException to throw. */
    private final Deque<Object> answers = new ArrayDeque<>();
    private final Function<String, String> loader = key -> {
        loads.add(key);
        Object answer = answers.isEmpty() ? "rtsp://" + key + "/stream" + loads.size() : answers.poll();
        if (answer instanceof RuntimeException e) {
            throw e;
        }
        return (String) answer;
    };
    private final StreamCache<String> cache = new StreamCache<>(loader, executor, CACHE_TIME, nanos::get);

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void noStackTraceLogged() {
        root.detachAppender(logs);
        assertThat(logs.list).as("log lines with a stack trace").noneMatch(e -> e.getThrowableProxy() != null);
    }

    private void runLoads() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    @Test
    void loadsOffTheCallersThreadAndOncePerCameraAtATime() {
        CompletableFuture<String> first = cache.get("door");
        CompletableFuture<String> second = cache.get("door");
        CompletableFuture<String> other = cache.get("yard");
        assertThat(first).isNotDone();
        assertThat(loads).as("nothing loaded on the caller's thread").isEmpty();
        assertThat(second).as("a caller during the load shares it").isSameAs(first);
        assertThat(other).isNotSameAs(first);

        runLoads();

        assertThat(loads).containsExactly("door", "yard");
        assertThat(first).isCompletedWithValue("rtsp://door/stream1");
        assertThat(other).isCompletedWithValue("rtsp://yard/stream2");
    }

    @Test
    void callersOnManyThreadsShareOneLoad() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicLong calls = new AtomicLong();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            StreamCache<String> shared = new StreamCache<>(key -> {
                calls.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "rtsp://" + key;
            }, pool, CACHE_TIME);
            List<CompletableFuture<CompletableFuture<String>>> callers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                callers.add(CompletableFuture.supplyAsync(() -> shared.get("door"), pool));
            }
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (CompletableFuture<CompletableFuture<String>> caller : callers) {
                results.add(caller.get(5, java.util.concurrent.TimeUnit.SECONDS));
            }
            release.countDown();
            for (CompletableFuture<String> result : results) {
                assertThat(result.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("rtsp://door");
            }
            assertThat(calls).hasValue(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void reusesTheAnswerWithinTheCacheTimeAndAsksAgainAfter() {
        cache.get("door");
        runLoads();

        nanos.addAndGet(CACHE_TIME.toNanos() - 1);
        assertThat(cache.get("door")).isCompletedWithValue("rtsp://door/stream1");
        assertThat(tasks).isEmpty();
        assertThat(loads).hasSize(1);

        nanos.addAndGet(1);
        CompletableFuture<String> reloaded = cache.get("door");
        assertThat(reloaded).isNotDone();
        runLoads();
        assertThat(reloaded).isCompletedWithValue("rtsp://door/stream2");
        assertThat(loads).hasSize(2);
    }

    @Test
    void aFailedLoadIsHandedToTheCallerAndNotCached() {
        answers.add(new IllegalStateException("camera door: ONVIF service unreachable: connection refused"));
        CompletableFuture<String> failed = cache.get("door");
        runLoads();
        assertThatThrownBy(failed::join).hasRootCauseMessage("camera door: ONVIF service unreachable: connection refused");
        assertThat(cache.lastKnown("door")).isNull();

        CompletableFuture<String> again = cache.get("door");
        assertThat(again).as("the next caller asks again").isNotSameAs(failed).isNotDone();
        runLoads();
        assertThat(again).isCompletedWithValue("rtsp://door/stream2");
    }

    @Test
    void refreshFallsBackToTheLastKnownStreamAndReportsWhy() {
        cache.get("door");
        runLoads();
        IllegalStateException down = new IllegalStateException("camera door: ONVIF service unreachable: connection refused");
        answers.add(down);
        List<Throwable> stale = new ArrayList<>();

        CompletableFuture<String> refreshed = cache.refresh("door", stale::add);
        runLoads();

        assertThat(refreshed).isCompletedWithValue("rtsp://door/stream1");
        assertThat(stale).containsExactly(down);
        assertThat(cache.lastKnown("door")).isEqualTo("rtsp://door/stream1");
    }

    @Test
    void refreshTakesTheFreshAnswerWhenThereIsOne() {
        cache.get("door");
        runLoads();
        answers.add("rtsp://door/moved");
        List<Throwable> stale = new ArrayList<>();

        CompletableFuture<String> refreshed = cache.refresh("door", stale::add);
        runLoads();

        assertThat(refreshed).isCompletedWithValue("rtsp://door/moved");
        assertThat(stale).isEmpty();
        assertThat(cache.get("door")).as("the fresh answer is cached").isCompletedWithValue("rtsp://door/moved");
    }

    @Test
    void refreshWithoutAKnownStreamFailsWithTheCause() {
        IllegalStateException down = new IllegalStateException("camera door: ONVIF service unreachable");
        answers.add(down);
        List<Throwable> stale = new ArrayList<>();

        CompletableFuture<String> refreshed = cache.refresh("door", stale::add);
        runLoads();

        assertThatThrownBy(refreshed::join).isInstanceOf(CompletionException.class).cause().isSameAs(down);
        assertThat(stale).isEmpty();
    }

    @Test
    void aLoaderErrorFailsTheCallerAndLetsTheNextOneRetry() {
        answers.add(new RuntimeException("boom"));
        CompletableFuture<String> failed = cache.get("door");
        runLoads();
        assertThat(failed).isCompletedExceptionally();
        assertThat(cache.get("door")).isNotSameAs(failed);
    }

    @Test
    void aRejectedLoadFailsAndDoesNotBlockTheNextOne() {
        boolean[] reject = {true};
        StreamCache<String> stopping = new StreamCache<>(loader, task -> {
            if (reject[0]) {
                throw new RejectedExecutionException("resolvers stopped");
            }
            task.run();
        }, CACHE_TIME, nanos::get);

        assertThatThrownBy(stopping.get("door")::join).hasRootCauseInstanceOf(RejectedExecutionException.class);
        reject[0] = false;
        assertThat(stopping.get("door")).isCompletedWithValue("rtsp://door/stream1");
    }

    @Test
    void unwrapFindsTheCause() {
        IllegalStateException cause = new IllegalStateException("down");
        assertThat(StreamCache.unwrap(new CompletionException(new java.util.concurrent.ExecutionException(cause))))
                .isSameAs(cause);
        assertThat(StreamCache.unwrap(cause)).isSameAs(cause);
    }
}
