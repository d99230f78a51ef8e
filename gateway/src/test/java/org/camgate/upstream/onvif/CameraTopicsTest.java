package org.camgate.upstream.onvif;

import org.camgate.config.SourceConfig;
import org.camgate.event.Event;
import org.camgate.event.EventState;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CameraTopicsTest {
    private static final MediaProfile PROFILE = new MediaProfile("main", "main", "vs0", "vsc0", "H264", 1280, 720);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final List<Event> events = new ArrayList<>();
    private final AtomicInteger unknown = new AtomicInteger();

    private CameraMotion motion(List<SourceConfig.MotionTopic> vendor) {
        CameraMotion m = new CameraMotion("door", "lab", events::add, CLOCK, new CameraTopics(vendor, true),
                unknown::incrementAndGet);
        m.profile(PROFILE);
        return m;
    }

    private static OnvifNotification n(String topic, String op, Map<String, String> source, Map<String, String> data) {
        return new OnvifNotification(topic, op, source, data);
    }

    @Test
    void motionRegionDetectorStateIsMotion() {
        CameraMotion m = motion(List.of());
        m.accept(n("tns1:RuleEngine/MotionRegionDetector/Motion", "Initialized",
                Map.of("VideoSource", "vs0", "RuleName", "Region1"), Map.of("State", "false")));
        m.accept(n("tns1:RuleEngine/MotionRegionDetector/Motion", "Changed",
                Map.of("VideoSource", "vs0", "RuleName", "Region1"), Map.of("State", "true")));
        m.accept(n("tns1:RuleEngine/MotionRegionDetector/Motion", "Changed",
                Map.of("VideoSource", "vs0", "RuleName", "Region1"), Map.of("State", "false")));
        assertThat(events).extracting(Event::event).containsExactly("camera-motion", "camera-motion");
        assertThat(events).extracting(Event::state).containsExactly(EventState.START, EventState.END);
        assertThat(events.get(0).data()).containsEntry("topic", "tns1:RuleEngine/MotionRegionDetector/Motion");
        assertThat(unknown).hasValue(0);
    }

    @Test
    void fieldAndLineDetectorsAreTriggersOfTheirOwn() {
        CameraMotion m = motion(List.of());
        Map<String, String> src = Map.of("VideoSource", "vs0", "AnalyticsConfiguration", "va0", "Rule", "Fence");
        m.accept(n("tns1:RuleEngine/FieldDetector/ObjectsInside", "Changed", src, Map.of("IsInside", "true")));
        m.accept(n("tns1:RuleEngine/LineDetector/Crossed", "", src, Map.of("ObjectId", "7")));
        m.accept(n("tns1:RuleEngine/FieldDetector/ObjectsInside", "Changed", src, Map.of("IsInside", "false")));
        assertThat(events).extracting(e -> e.event() + " " + e.state()).containsExactly(
                "camera-field START", "camera-line INSTANT", "camera-field END");
        assertThat(m.active()).isFalse();
    }

    @Test
    void aFieldAlarmDoesNotEndMotionAndALostSubscriptionEndsBoth() {
        CameraMotion m = motion(List.of());
        m.accept(n("tns1:VideoSource/MotionAlarm", "Changed", Map.of("Source", "vs0"), Map.of("State", "true")));
        m.accept(n("tns1:RuleEngine/FieldDetector/ObjectsInside", "Changed", Map.of(), Map.of("IsInside", "true")));
        m.accept(n("tns1:RuleEngine/FieldDetector/ObjectsInside", "Changed", Map.of(), Map.of("IsInside", "false")));
        m.accept(n("tns1:RuleEngine/FieldDetector/ObjectsInside", "Changed", Map.of(), Map.of("IsInside", "true")));
        m.lost("event subscription lost");
        assertThat(events).extracting(e -> e.event() + " " + e.state()).containsExactly("camera-motion START",
                "camera-field START", "camera-field END", "camera-field START", "camera-motion END", "camera-field END");
    }

    @Test
    void vendorTopicsAreMappedByConfiguration() {
        CameraMotion m = motion(List.of(new SourceConfig.MotionTopic("tns1:RuleEngine/MyVendor/Motion", "Active", "")));
        m.accept(n("tns1:RuleEngine/MyVendor/Motion", "Changed", Map.of(), Map.of("Active", "true")));
        m.accept(n("ns3:RuleEngine/MyVendor/Motion", "Changed", Map.of(), Map.of("Active", "false")));
        assertThat(events).extracting(e -> e.event() + " " + e.state()).containsExactly("camera-motion START",
                "camera-motion END");
    }

    @Test
    void unknownTopicsAreCountedNotIgnored() {
        CameraMotion m = motion(List.of());
        for (int i = 0; i < 3; i++) {
            m.accept(n("tns1:VideoSource/ImageTooBlurry/ImagingService", "Changed", Map.of(), Map.of("State", "true")));
        }
        m.accept(n("tns1:Device/Trigger/DigitalInput", "Changed", Map.of(), Map.of("LogicalState", "true")));
        assertThat(events).isEmpty();
        assertThat(unknown).hasValue(4);
        assertThat(m.unknownTopics()).isEqualTo(4);
    }

    @Test
    void theSubscriptionFilterListsEveryTopicRead() {
        CameraTopics topics = new CameraTopics(List.of(
                new SourceConfig.MotionTopic("acme:Motion/Zone", "On", "http://acme.example/topics")), true);
        assertThat(topics.filterExpression()).isEqualTo("tns1:VideoSource/MotionAlarm"
                + "|tns1:RuleEngine/CellMotionDetector/Motion|tns1:RuleEngine/MotionRegionDetector/Motion"
                + "|tns1:RuleEngine/FieldDetector/ObjectsInside|tns1:RuleEngine/LineDetector/Crossed|acme:Motion/Zone");
        Element e = (Element) OnvifEvents.filter(topics).getAny().get(0);
        assertThat(e.getLocalName()).isEqualTo("TopicExpression");
        assertThat(e.getNamespaceURI()).isEqualTo("http://docs.oasis-open.org/wsn/b-2");
        assertThat(e.getAttribute("Dialect")).isEqualTo(CameraTopics.CONCRETE_SET);
        assertThat(e.lookupNamespaceURI("tns1")).isEqualTo("http://www.onvif.org/ver10/topics");
        assertThat(e.lookupNamespaceURI("acme")).isEqualTo("http://acme.example/topics");
    }
}
