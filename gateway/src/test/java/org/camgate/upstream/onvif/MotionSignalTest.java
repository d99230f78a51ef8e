package org.camgate.upstream.onvif;

import org.camgate.event.Event;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MotionSignalTest {
    private static final MediaProfile PROFILE = new MediaProfile("main", "main", "vs0", "vsc0", "H264", 1280, 720);

    private static OnvifNotification alarm(String topic, String op, Map<String, String> source, Map<String, String> data) {
        return new OnvifNotification(topic, op, source, data);
    }

    @Test
    void motionAlarmStateIsRead() {
        assertThat(MotionSignal.from(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of("Source", "vs0"),
                Map.of("State", "true")), PROFILE)).get().extracting(MotionSignal::active).isEqualTo(true);
        assertThat(MotionSignal.from(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of("Source", "vs0"),
                Map.of("State", "false")), PROFILE)).get().extracting(MotionSignal::active).isEqualTo(false);
    }

    @Test
    void cellMotionIsMotionIsReadWhateverThePrefix() {
        assertThat(MotionSignal.from(alarm("ns7:RuleEngine/CellMotionDetector/Motion", "Changed",
                Map.of("VideoSourceConfigurationToken", "vsc0", "Rule", "MyMotionDetectorRule"),
                Map.of("IsMotion", "1")), PROFILE)).get().extracting(MotionSignal::active).isEqualTo(true);
        assertThat(MotionSignal.path("tns1:RuleEngine/CellMotionDetector/Motion//.")).isEqualTo(MotionSignal.CELL_MOTION);
    }

    @Test
    void otherTopicsOtherSourcesAndUnreadableValuesAreIgnored() {
        assertThat(MotionSignal.from(alarm("tns1:VideoSource/ImageTooDark", "Changed", Map.of(), Map.of("State", "true")),
                PROFILE)).isEmpty();
        assertThat(MotionSignal.from(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of("Source", "vs1"),
                Map.of("State", "true")), PROFILE)).isEmpty();
        assertThat(MotionSignal.from(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of(),
                Map.of("State", "maybe")), PROFILE)).isEmpty();
        assertThat(MotionSignal.from(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of(), Map.of()), PROFILE)).isEmpty();
    }

    @Test
    void deletedPropertyEndsMotion() {
        assertThat(MotionSignal.from(alarm("tns1:VideoSource/MotionAlarm", "Deleted", Map.of("Source", "vs0"),
                Map.of()), PROFILE)).get().extracting(MotionSignal::active).isEqualTo(false);
    }

    @Test
    void startWhenTheFirstAlarmRisesEndWhenTheLastClears() {
        List<Event> events = new ArrayList<>();
        CameraMotion motion = new CameraMotion("door", "lab", events::add,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        motion.profile(PROFILE);
        motion.accept(alarm("tns1:VideoSource/MotionAlarm", "Initialized", Map.of("Source", "vs0"), Map.of("State", "false")));
        assertThat(events).isEmpty();
        motion.accept(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of("Source", "vs0"), Map.of("State", "true")));
        motion.accept(alarm("tns1:RuleEngine/CellMotionDetector/Motion", "Changed",
                Map.of("VideoSourceConfigurationToken", "vsc0"), Map.of("IsMotion", "true")));
        motion.accept(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of("Source", "vs0"), Map.of("State", "true")));
        motion.accept(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of("Source", "vs0"), Map.of("State", "false")));
        assertThat(events).hasSize(1);
        motion.accept(alarm("tns1:RuleEngine/CellMotionDetector/Motion", "Changed",
                Map.of("VideoSourceConfigurationToken", "vsc0"), Map.of("IsMotion", "false")));

        assertThat(events).extracting(Event::state).containsExactly(EventState.START, EventState.END);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo("camera-motion");
            assertThat(e.source().id()).isEqualTo("door");
            assertThat(e.source().kind()).isEqualTo("camera");
            assertThat(e.site()).isEqualTo("lab");
        });
        assertThat(events.get(0).data()).containsEntry("topic", "tns1:VideoSource/MotionAlarm");
    }

    @Test
    void lostSubscriptionEndsActiveMotionOnce() {
        List<Event> events = new ArrayList<>();
        CameraMotion motion = new CameraMotion("door", "lab", events::add, Clock.systemUTC());
        motion.lost("event subscription lost");
        assertThat(events).isEmpty();
        motion.accept(alarm("tns1:VideoSource/MotionAlarm", "Changed", Map.of(), Map.of("State", "true")));
        motion.lost("event subscription lost");
        motion.lost("event subscription lost");
        assertThat(events).extracting(Event::state).containsExactly(EventState.START, EventState.END);
        assertThat(motion.active()).isFalse();
    }
}
