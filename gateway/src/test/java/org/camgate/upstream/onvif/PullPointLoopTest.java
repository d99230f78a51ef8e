package org.camgate.upstream.onvif;

import org.camgate.event.Event;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The subscription loop on a fake clock and scheduler, against a scripted camera. */
class PullPointLoopTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final OnvifClientSettings SETTINGS = new OnvifClientSettings(Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(1),
            Duration.ofSeconds(16), Duration.ofMinutes(5));

    private final FakeTime time = new FakeTime();
    private final List<Event> events = new ArrayList<>();
    private final ScriptedCamera camera = new ScriptedCamera();
    private final CameraMotion motion = new CameraMotion("door", "lab", events::add, time);
    private final PullPointLoop loop = new PullPointLoop("door", () -> camera, motion, time, time, SETTINGS);

    private long seconds(Instant t) {
        return Duration.between(T0, t).toSeconds();
    }

    @Test
    void renewsAtHalfTheGrantedTime() {
        loop.start();
        time.runFor(Duration.ofSeconds(100));
        assertThat(camera.creates).extracting(this::seconds).containsExactly(0L);
        assertThat(camera.renews).extracting(this::seconds).containsExactly(30L, 60L, 90L);
        assertThat(loop.subscribed()).isTrue();
    }

    @Test
    void shortGrantsAreRenewedSooner() {
        camera.granted = Duration.ofSeconds(10);
        loop.start();
        time.runFor(Duration.ofSeconds(21));
        assertThat(camera.renews).extracting(this::seconds).containsExactly(5L, 10L, 15L, 20L);
    }

    @Test
    void failedCreatesBackOffExponentiallyUpToTheMaximumThenResetOnSuccess() {
        for (int i = 0; i < 6; i++) {
            camera.createFailures.add(() -> new OnvifException("door", "CreatePullPointSubscription",
                    OnvifFailure.TIMEOUT, "no answer", null));
        }
        loop.start();
        time.runFor(Duration.ofSeconds(60));
        // attempts after 1, 2, 4, 8, 16, 16 s
        assertThat(camera.createAttempts).extracting(this::seconds).containsExactly(0L, 1L, 3L, 7L, 15L, 31L, 47L);
        assertThat(loop.failures()).isZero();
        assertThat(loop.subscribed()).isTrue();
        assertThat(loop.backoff(30)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void pullFailureEndsMotionAndRebuildsTheSubscription() {
        camera.batches.add(() -> List.of(motion(true)));
        camera.batches.add(() -> {
            throw new OnvifException("door", "PullMessages", OnvifFailure.TIMEOUT, "no answer within 2000 ms", null);
        });
        loop.start();
        time.runFor(Duration.ofSeconds(30));
        assertThat(events).extracting(Event::state).containsExactly(EventState.START, EventState.END);
        assertThat(events.get(1).data()).containsEntry("reason", "event subscription lost");
        assertThat(camera.creates).hasSize(2);
        assertThat(seconds(camera.creates.get(1)) - seconds(camera.failedAt)).isEqualTo(1L);
        assertThat(loop.lastError()).contains("PullMessages").contains("no answer");
    }

    @Test
    void faultDropsTheSubscriptionWithUnsubscribeSoTheCameraSlotIsFreed() {
        camera.batches.add(() -> {
            throw new OnvifException("door", "PullMessages", OnvifFailure.FAULT, "SOAP fault", null);
        });
        loop.start();
        time.runFor(Duration.ofSeconds(5));
        assertThat(camera.unsubscribes).isEqualTo(1);
        assertThat(camera.creates).hasSize(2);
    }

    @Test
    void subscriptionTheCameraReportsExpiredIsRebuilt() {
        camera.expiredOnce = true;
        loop.start();
        time.runFor(Duration.ofSeconds(25));
        assertThat(camera.creates).hasSize(2);
    }

    @Test
    void renewFailureRebuilds() {
        camera.renewFails = true;
        loop.start();
        time.runFor(Duration.ofSeconds(40));
        assertThat(camera.renewAttempts).isEqualTo(1);
        assertThat(camera.creates).extracting(this::seconds).containsExactly(0L, 31L);
    }

    @Test
    void earlyEmptyAnswersArePaced() {
        camera.holds = false;
        loop.start();
        time.runFor(Duration.ofSeconds(10));
        assertThat(camera.pulls).isBetween(19, 22);
    }

    @Test
    void stopCancelsAndReleaseUnsubscribes() {
        loop.start();
        time.runFor(Duration.ofSeconds(5));
        loop.stop();
        loop.release();
        int pulls = camera.pulls;
        time.runFor(Duration.ofSeconds(60));
        assertThat(camera.pulls).isEqualTo(pulls);
        assertThat(camera.unsubscribes).isEqualTo(1);
        assertThat(loop.subscribed()).isFalse();
    }

    private static OnvifNotification motion(boolean on) {
        return new OnvifNotification("tns1:VideoSource/MotionAlarm", "Changed", Map.of("Source", "vs0"),
                Map.of("State", Boolean.toString(on)));
    }

    /** A camera whose answers are scripted; a pull holds for its timeout unless {@code holds} is off. */
    private final class ScriptedCamera implements EventsPort {
        Duration granted = Duration.ofSeconds(60);
        boolean holds = true;
        boolean expiredOnce;
        boolean renewFails;
        final Deque<Supplier<RuntimeException>> createFailures = new ArrayDeque<>();
        final Deque<Supplier<List<OnvifNotification>>> batches = new ArrayDeque<>();
        final List<Instant> createAttempts = new ArrayList<>();
        final List<Instant> creates = new ArrayList<>();
        final List<Instant> renews = new ArrayList<>();
        Instant failedAt;
        int renewAttempts;
        int pulls;
        int unsubscribes;

        @Override
        public PullPointRef create(Duration requested) {
            createAttempts.add(time.instant());
            if (!createFailures.isEmpty()) {
                throw createFailures.poll().get();
            }
            creates.add(time.instant());
            return new PullPointRef("http://127.0.0.1/sub", List.of(), time.instant(), time.instant().plus(granted));
        }

        @Override
        public PullBatch pull(PullPointRef s, Duration timeout, int limit) {
            pulls++;
            if (!batches.isEmpty()) {
                Supplier<List<OnvifNotification>> next = batches.poll();
                try {
                    return new PullBatch(time.instant(), s.terminationTime(), next.get());
                } catch (RuntimeException e) {
                    failedAt = time.instant();
                    throw e;
                }
            }
            if (holds) {
                time.advance(timeout);
            }
            if (expiredOnce) {
                expiredOnce = false;
                return new PullBatch(time.instant(), time.instant().minusSeconds(1), List.of());
            }
            return new PullBatch(time.instant(), s.terminationTime(), List.of());
        }

        @Override
        public PullPointRef renew(PullPointRef s, Duration requested) {
            renewAttempts++;
            if (renewFails) {
                failedAt = time.instant();
                throw new OnvifException("door", "Renew", OnvifFailure.TIMEOUT, "no answer", null);
            }
            renews.add(time.instant());
            return s.renewed(time.instant(), time.instant().plus(granted));
        }

        @Override
        public void unsubscribe(PullPointRef s) {
            unsubscribes++;
        }
    }

    /** A clock and a scheduler on one fake timeline. */
    private static final class FakeTime extends Clock implements TaskScheduler {
        private Instant now = T0;
        private long seq;
        private final PriorityQueue<Task> tasks = new PriorityQueue<>();

        private record Task(Instant due, long seq, Runnable run, boolean[] cancelled) implements Comparable<Task> {
            @Override
            public int compareTo(Task o) {
                int c = due.compareTo(o.due);
                return c != 0 ? c : Long.compare(seq, o.seq);
            }
        }

        @Override
        public Runnable schedule(Runnable task, Duration delay) {
            boolean[] cancelled = {false};
            tasks.add(new Task(now.plus(delay), seq++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void runFor(Duration d) {
            Instant end = now.plus(d);
            while (!tasks.isEmpty() && !tasks.peek().due().isAfter(end)) {
                Task t = tasks.poll();
                if (t.due().isAfter(now)) {
                    now = t.due();
                }
                if (!t.cancelled()[0]) {
                    t.run().run();
                }
            }
            if (end.isAfter(now)) {
                now = end;
            }
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
