package org.camgate.mqtt;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private OutboxSettings settings(long maxBytes, int maxMessages) {
        return new OutboxSettings(dir, maxBytes, maxMessages, Duration.ofHours(1), Duration.ofMillis(100));
    }

    private Outbox open(OutboxSettings s) throws IOException {
        return Outbox.open(s, clock, metrics, () -> { });
    }

    private static OutboxMessage.Draft draft(int n) {
        return new OutboxMessage.Draft("t/" + n, n % 2 == 0, ("payload-" + n).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> drain(Outbox o) {
        List<String> topics = new ArrayList<>();
        long cursor = 0;
        for (OutboxMessage m = o.next(cursor); m != null; m = o.next(cursor)) {
            topics.add(m.topic());
            cursor = m.seq();
        }
        return topics;
    }

    @Test
    void messagesComeBackInOrderAndAckRemovesThem() throws IOException {
        try (Outbox o = open(settings(1 << 20, 1000))) {
            for (int i = 0; i < 5; i++) {
                o.append(List.of(draft(i)));
            }
            assertThat(drain(o)).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
            OutboxMessage first = o.next(0);
            assertThat(first.retained()).isTrue();
            assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("payload-0");
            o.ack(first.seq());
            o.ack(first.seq() + 2);
            assertThat(drain(o)).containsExactly("t/1", "t/3", "t/4");
            assertThat(o.size()).isEqualTo(3);
        }
    }

    @Test
    void reopeningReplaysWhatWasNotAcknowledgedInOrder() throws IOException {
        long firstSeq;
        try (Outbox o = open(settings(1 << 20, 1000))) {
            firstSeq = o.append(List.of(draft(0), draft(1), draft(2), draft(3)));
            o.ack(firstSeq);
            o.ack(firstSeq + 1);
            o.ack(firstSeq + 3); // out of order: above the mark, so it comes back (a duplicate, not a loss)
        }
        try (Outbox o = open(settings(1 << 20, 1000))) {
            assertThat(drain(o)).containsExactly("t/2", "t/3");
            long next = o.append(List.of(draft(9)));
            assertThat(next).isEqualTo(firstSeq + 4);
            assertThat(drain(o)).containsExactly("t/2", "t/3", "t/9");
        }
    }

    @Test
    void aRecordCutShortByACrashIsSkippedAndNothingBeforeItIsLost() throws IOException {
        try (Outbox o = open(settings(1 << 20, 1000))) {
            for (int i = 0; i < 100; i++) {
                o.append(List.of(draft(i)));
            }
        }
        Path segment = segments().get(0);
        long intact = Files.size(segment);
        // A crash in the middle of writing record 100: its header and half its body reached the file.
        ByteBuffer record = ByteBuffer.allocate(OutboxRecords.size(new OutboxMessage(101, 0, "t/100", false,
                "payload-100".getBytes(StandardCharsets.UTF_8), 0)));
        OutboxRecords.encode(new OutboxMessage(101, 0, "t/100", false, "payload-100".getBytes(StandardCharsets.UTF_8), 0),
                record);
        try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(record.array(), 0, record.capacity() / 2));
        }
        try (Outbox o = open(settings(1 << 20, 1000))) {
            List<String> topics = drain(o);
            assertThat(topics).hasSize(100);
            assertThat(topics.get(0)).isEqualTo("t/0");
            assertThat(topics.get(99)).isEqualTo("t/99");
            assertThat(Files.size(segment)).isEqualTo(intact);
            assertThat(metrics.get("camgate.mqtt.outbox.damaged").counter().count()).isEqualTo(1);
            o.append(List.of(draft(100)));
            assertThat(drain(o)).hasSize(101).last().isEqualTo("t/100");
        }
        try (Outbox o = open(settings(1 << 20, 1000))) {
            assertThat(drain(o)).hasSize(101).last().isEqualTo("t/100");
        }
    }

    @Test
    void aFlippedByteInTheTailIsDetectedByTheChecksum() throws IOException {
        try (Outbox o = open(settings(1 << 20, 1000))) {
            for (int i = 0; i < 3; i++) {
                o.append(List.of(draft(i)));
            }
        }
        Path segment = segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(segment, bytes);
        try (Outbox o = open(settings(1 << 20, 1000))) {
            assertThat(drain(o)).containsExactly("t/0", "t/1");
        }
    }

    @Test
    void whenFullTheOldestAreDroppedToKeepTheNewest() throws IOException {
        try (Outbox o = open(settings(1 << 20, 10))) {
            for (int i = 0; i < 25; i++) {
                o.append(List.of(draft(i)));
            }
            List<String> kept = drain(o);
            assertThat(kept).hasSize(10).first().isEqualTo("t/15");
            assertThat(kept).last().isEqualTo("t/24");
            assertThat(o.overflowed()).isTrue();
            assertThat(metrics.get("camgate.mqtt.outbox.dropped").tag("reason", "full").counter().count()).isEqualTo(15);
            for (long seq = o.next(0).seq(); o.next(seq - 1) != null; seq++) {
                o.ack(seq);
            }
            assertThat(o.size()).isZero();
            assertThat(o.overflowed()).isFalse();
        }
    }

    @Test
    void theByteBoundIsHonouredToo() throws IOException {
        int one = OutboxRecords.size(new OutboxMessage(1, 0, "t/0", false, "payload-0".getBytes(StandardCharsets.UTF_8), 0));
        try (Outbox o = open(settings(one * 4L, 1000))) {
            for (int i = 0; i < 9; i++) {
                o.append(List.of(draft(i)));
            }
            assertThat(drain(o)).containsExactly("t/5", "t/6", "t/7", "t/8");
            assertThat(o.bytes()).isLessThanOrEqualTo(one * 4L);
        }
    }

    @Test
    void messagesOlderThanTheRetentionAreDropped() throws IOException {
        try (Outbox o = open(settings(1 << 20, 1000))) {
            o.append(List.of(draft(0)));
            clock.advance(Duration.ofMinutes(30));
            o.append(List.of(draft(1)));
            clock.advance(Duration.ofMinutes(31));
            o.sync();
            assertThat(drain(o)).containsExactly("t/1");
            assertThat(metrics.get("camgate.mqtt.outbox.dropped").tag("reason", "retention").counter().count())
                    .isEqualTo(1);
        }
        clock.advance(Duration.ofHours(2));
        try (Outbox o = open(settings(1 << 20, 1000))) {
            assertThat(o.size()).isZero();
        }
    }

    @Test
    void acknowledgedSegmentsAreDeleted() throws IOException {
        // Small segments: maxBytes / 16 is below the 64 KB floor, so segments roll at 64 KB.
        byte[] big = new byte[8 * 1024];
        try (Outbox o = open(settings(1 << 20, 100_000))) {
            for (int i = 0; i < 40; i++) {
                o.append(List.of(new OutboxMessage.Draft("t/" + i, false, big)));
            }
            assertThat(segments()).hasSizeGreaterThan(3);
            for (OutboxMessage m = o.next(0); m != null; m = o.next(m.seq())) {
                o.ack(m.seq());
            }
            o.sync();
            assertThat(segments()).hasSize(1); // the one still being written
        }
        try (Outbox o = open(settings(1 << 20, 100_000))) {
            assertThat(o.size()).isZero();
        }
    }

    @Test
    void withAZeroFsyncIntervalEveryAppendIsForcedAndSurvivesReopening() throws IOException {
        OutboxSettings strict = new OutboxSettings(dir, 1 << 20, 1000, Duration.ofHours(1), Duration.ZERO);
        try (Outbox o = open(strict)) {
            o.append(List.of(draft(0), draft(1)));
        }
        try (Outbox o = open(strict)) {
            assertThat(drain(o)).containsExactly("t/0", "t/1");
        }
    }

    @Test
    void aDamagedMarkMeansEverythingKeptIsSentAgainNotLost() throws IOException {
        try (Outbox o = open(settings(1 << 20, 1000))) {
            long first = o.append(List.of(draft(0), draft(1)));
            o.ack(first);
            o.sync();
        }
        Files.write(dir.resolve("acked"), new byte[] {1, 2, 3});
        try (Outbox o = open(settings(1 << 20, 1000))) {
            assertThat(drain(o)).containsExactly("t/0", "t/1");
        }
    }

    @Test
    void aRetainedMessageIsSupersededByANewerOneForTheSameTopic() throws IOException {
        try (Outbox o = open(settings(1 << 20, 1000))) {
            long first = o.append(List.of(new OutboxMessage.Draft("s/a", true, new byte[] {1}),
                    new OutboxMessage.Draft("e/a", false, new byte[] {1}),
                    new OutboxMessage.Draft("s/a", true, new byte[] {2}),
                    new OutboxMessage.Draft("s/b", true, new byte[] {3})));
            assertThat(o.superseded(o.next(first - 1))).isTrue();
            assertThat(o.superseded(o.next(first))).isFalse(); // not retained
            assertThat(o.superseded(o.next(first + 1))).isFalse(); // the newest s/a
            assertThat(o.superseded(o.next(first + 2))).isFalse();
            o.ack(first + 2);
            // The newest s/a acknowledged first (the older one's PUBACK lost in a disconnect, say): the older one
            // must still not be sent, or the broker's retained value would go back in time.
            assertThat(o.superseded(o.next(first - 1))).isTrue();
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }


}
