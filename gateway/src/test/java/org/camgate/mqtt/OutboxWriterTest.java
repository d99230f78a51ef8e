package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's writer thread: order, batching, a full queue, close. */
class OutboxWriterTest {
    @TempDir
    Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private Outbox outbox() throws Exception {
        return Outbox.open(new OutboxSettings(dir, 1 << 24, 100_000, Duration.ofHours(1), Duration.ZERO),
                Clock.systemUTC(), metrics, () -> { });
    }

    private static Event event(String source, int n) {
        return new Event(source + "-" + n, Instant.now(), "lab", EventSource.sensor(source, "radar"), "intrusion",
                EventState.INSTANT, null, Map.of("n", n));
    }

    /** One message per event: its id as the topic. */
    private static final BiConsumer<Event, List<OutboxMessage.Draft>> ID_AS_TOPIC = (e, drafts) ->
            drafts.add(new OutboxMessage.Draft(e.id(), false, e.id().getBytes(StandardCharsets.UTF_8)));

    private static List<String> topics(Outbox o) {
        List<String> out = new ArrayList<>();
        for (OutboxMessage m = o.next(0); m != null; m = o.next(m.seq())) {
            out.add(m.topic());
        }
        return out;
    }

    @Test
    void eventsFromManyThreadsAreWrittenInEachSourcesOrder() throws Exception {
        try (Outbox o = outbox()) {
            OutboxWriter writer = new OutboxWriter(o, ID_AS_TOPIC, 100_000, metrics);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String source = "s" + t;
                producers.add(new Thread(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        assertThat(writer.offer(event(source, i))).isTrue();
                    }
                }));
            }
            producers.forEach(Thread::start);
            for (Thread p : producers) {
                p.join();
            }
            writer.close(Duration.ofSeconds(10));
            assertThat(writer.waiting()).isZero();
            List<String> written = topics(o);
            assertThat(written).hasSize(8_000);
            for (int t = 0; t < 4; t++) {
                String prefix = "s" + t + "-";
                List<String> mine = written.stream().filter(s -> s.startsWith(prefix)).toList();
                assertThat(mine).as(prefix).containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 2_000).mapToObj(i -> prefix + i).toList());
            }
        }
    }

    @Test
    void aFullQueueRefusesTheNewEventWithoutBlockingAndCountsIt() throws Exception {
        CountDownLatch diskStuck = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        BiConsumer<Event, List<OutboxMessage.Draft>> stalled = (e, drafts) -> {
            writing.countDown();
            try {
                diskStuck.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            ID_AS_TOPIC.accept(e, drafts);
        };
        try (Outbox o = outbox()) {
            OutboxWriter writer = new OutboxWriter(o, stalled, 3, metrics);
            assertThat(writer.offer(event("a", 0))).isTrue();
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds a-0, stuck
            for (int i = 1; i <= 3; i++) {
                assertThat(writer.offer(event("a", i))).as("a-" + i).isTrue();
            }
            long t = System.nanoTime();
            assertThat(writer.offer(event("a", 4))).as("the queue is full").isFalse();
            assertThat(writer.offer(event("a", 5))).isFalse();
            assertThat(System.nanoTime() - t).as("refusing does not wait for the disk")
                    .isLessThan(TimeUnit.SECONDS.toNanos(5));
            assertThat(writer.waiting()).isEqualTo(4);
            assertThat(metrics.get("camgate.mqtt.events.failed").tag("reason", "queue-full").counter().count())
                    .isEqualTo(2.0);

            diskStuck.countDown();
            writer.close(Duration.ofSeconds(10));
            assertThat(topics(o)).containsExactly("a-0", "a-1", "a-2", "a-3");
            assertThat(writer.offer(event("a", 6))).as("after close").isFalse();
        }
    }

    @Test
    void anEventTheOutboxCannotTakeIsCountedAsWriteFailed() throws Exception {
        Outbox o = outbox();
        o.close();
        OutboxWriter writer = new OutboxWriter(o, ID_AS_TOPIC, 10, metrics);
        assertThat(writer.offer(event("a", 0))).isTrue();
        writer.close(Duration.ofSeconds(10));
        assertThat(metrics.get("camgate.mqtt.events.failed").tag("reason", "write-failed").counter().count())
                .isEqualTo(1.0);
        assertThat(writer.waiting()).isZero();
    }
}
