package org.camgate.onvif.events;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for messages without a thread: at most one waiting pull per subscription, each answered exactly once. */
class PullPointWaitTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private PullPoint pullPoint(int capacity) {
        return new PullPoint("id", "nvr", n -> !"hidden".equals(n.cameraId()), capacity, clock, NOW.plusSeconds(60));
    }

    private static OnvifNotification event(String camera) {
        return TopicMapper.initial(camera, true, NOW).get(0);
    }

    @Test
    void aWaitIsAnsweredByTheNextVisibleMessageOnlyOnce() {
        PullPoint p = pullPoint(10);
        List<List<OnvifNotification>> got = new ArrayList<>();
        PullPoint.Waiting w = p.pullLater(5, got::add);
        assertThat(w).isNotNull();
        assertThat(p.waiting()).isTrue();
        p.offer(event("hidden"));
        assertThat(got).isEmpty();
        p.offer(event("entrance"));
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).extracting(OnvifNotification::cameraId).containsExactly("entrance");
        assertThat(p.waiting()).isFalse();
        p.offer(event("entrance")); // queued for the next pull, not given to the answered wait
        assertThat(got).hasSize(1);
        assertThat(p.cancel(w)).isFalse();
        assertThat(got).hasSize(1);
    }

    @Test
    void queuedMessagesAnswerAtOnceUpToTheLimit() {
        PullPoint p = pullPoint(10);
        for (int i = 0; i < 3; i++) {
            p.offer(event("entrance"));
        }
        List<List<OnvifNotification>> got = new ArrayList<>();
        assertThat(p.pullLater(2, got::add)).isNull();
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).hasSize(2);
    }

    @Test
    void aTimeoutANewerPullAndTheEndAnswerEmpty() {
        PullPoint p = pullPoint(10);
        List<String> log = new ArrayList<>();
        PullPoint.Waiting first = p.pullLater(5, m -> log.add("first " + m.size()));
        PullPoint.Waiting second = p.pullLater(5, m -> log.add("second " + m.size()));
        assertThat(log).containsExactly("first 0");
        assertThat(p.cancel(first)).isFalse();
        assertThat(p.cancel(second)).isTrue();
        assertThat(log).containsExactly("first 0", "second 0");
        p.pullLater(5, m -> log.add("third " + m.size()));
        p.close();
        assertThat(log).containsExactly("first 0", "second 0", "third 0");
        assertThat(p.waiting()).isFalse();
        List<Integer> after = new ArrayList<>();
        assertThat(p.pullLater(5, m -> after.add(m.size()))).isNull();
        assertThat(after).containsExactly(0);
    }
}
