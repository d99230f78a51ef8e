package org.camgate.onvif.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.onvif.Tokens;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** A camera's signal-loss as ONVIF's {@code tns1:VideoSource/SignalLoss} property, on PullPoints and in the topic set. */
class SignalLossTopicTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static Event loss(EventState state) {
        return Event.of(NOW, "lab", EventSource.camera("door"), "signal-loss", state, null, Map.of());
    }

    @Test
    void startAndEndAreStateTrueAndFalseOfTheCamerasVideoSource() {
        assertThat(TopicMapper.map(loss(EventState.START))).singleElement().satisfies(n -> {
            assertThat(n.topic()).isEqualTo("tns1:VideoSource/SignalLoss");
            assertThat(n.operation()).isEqualTo("Changed");
            assertThat(n.source()).containsExactly(Map.entry("Source", Tokens.videoSource("door")));
            assertThat(n.data()).containsExactly(Map.entry("State", "true"));
        });
        assertThat(TopicMapper.map(loss(EventState.END))).singleElement()
                .satisfies(n -> assertThat(n.data()).containsExactly(Map.entry("State", "false")));
    }

    @Test
    void pullPointsGetIt() throws Exception {
        PullPointRegistry registry = new PullPointRegistry(2, 2, 10, Clock.fixed(NOW, ZoneOffset.UTC), List.of());
        PullPoint p = registry.create("nvr", n -> true, NOW.plusSeconds(60)).orElseThrow();
        registry.onEvent(loss(EventState.START));
        assertThat(p.pull(Duration.ZERO, 10)).singleElement()
                .satisfies(n -> assertThat(n.topic()).isEqualTo(Topics.SIGNAL_LOSS));
    }

    @Test
    void theTopicSetDescribesItAsAPropertyWithABooleanState() {
        Element videoSource = EventTypes.topicSet().getAny().stream().map(Element.class::cast)
                .filter(e -> e.getNodeName().equals("tns1:VideoSource")).findFirst().orElseThrow();
        Element signalLoss = null;
        for (org.w3c.dom.Node n = videoSource.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "SignalLoss".equals(e.getNodeName())) {
                signalLoss = e;
            }
        }
        assertThat(signalLoss).isNotNull();
        Element description = (Element) signalLoss.getElementsByTagNameNS(EventTypes.TT, "MessageDescription").item(0);
        assertThat(description.getAttribute("IsProperty")).isEqualTo("true");
        Element data = (Element) description.getElementsByTagNameNS(EventTypes.TT, "Data").item(0);
        Element item = (Element) data.getElementsByTagNameNS(EventTypes.TT, "SimpleItemDescription").item(0);
        assertThat(item.getAttribute("Name")).isEqualTo("State");
        assertThat(item.getAttribute("Type")).isEqualTo("xs:boolean");
        Element source = (Element) description.getElementsByTagNameNS(EventTypes.TT, "Source").item(0);
        assertThat(((Element) source.getElementsByTagNameNS(EventTypes.TT, "SimpleItemDescription").item(0))
                .getAttribute("Name")).isEqualTo("Source");
    }
}
