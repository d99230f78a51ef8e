package org.camgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.camgate.mqtt.BrokerRules.Identity;
import org.junit.jupiter.api.Test;

class BrokerRulesTest {
    private static final Identity ALARM = Identity.user("alarm");
    private static final Identity VIEWER = Identity.user("viewer");
    private final BrokerRules rules = new BrokerRules(new Topics("acme/camgate", "lab-1"), "acme/camgate",
            "homeassistant", Set.of("alarm"), false);
    private final BrokerRules anonymousRead = new BrokerRules(new Topics("acme/camgate", "lab-1"), "acme/camgate",
            "homeassistant", Set.of("alarm"), true);

    @Test
    void onlyTheGatewayPublishesInItsTrees() {
        for (String topic : new String[] {"acme/camgate/lab-1/gateway/status", "acme/camgate/lab-1/sensor/r/intrusion",
                "acme/camgate/onvif-ej/RuleEngine/x", "acme/camgate", "acme/camgate/other-site/x",
                "homeassistant/binary_sensor/camgate_lab-1/x/config", "homeassistant"}) {
            assertThat(rules.publish(Identity.GATEWAY, topic, true).allowed()).as(topic).isTrue();
            for (Identity who : new Identity[] {Identity.ANONYMOUS, VIEWER, ALARM}) {
                assertThat(rules.publish(who, topic, false)).as(who + " " + topic)
                        .isEqualTo(new BrokerRules.Publish(null, BrokerRules.RESERVED));
            }
        }
        // Neighbours of the trees are not in them.
        for (String topic : new String[] {"acme/camgatex/y", "acme", "acme/other", "homeassistantx/y", "sensors/r"}) {
            assertThat(rules.publish(Identity.ANONYMOUS, topic, true).allowed()).as(topic).isTrue();
        }
        assertThat(rules.publish(null, "sensors/r", false).allowed()).isFalse();
    }

    @Test
    void commandIdentitiesPublishCommandsNotRetainedAndThePolicyDecidesTheCamera() {
        String command = "acme/camgate/lab-1/camera/entrance/command";
        assertThat(rules.publish(ALARM, command, false)).isEqualTo(new BrokerRules.Publish("entrance", null));
        assertThat(rules.publish(ALARM, command, true).refusal()).isEqualTo(BrokerRules.RETAINED_COMMAND);
        assertThat(rules.publish(VIEWER, command, false).refusal()).isEqualTo(BrokerRules.NOT_A_COMMAND_IDENTITY);
        assertThat(rules.publish(Identity.ANONYMOUS, command, false).refusal())
                .isEqualTo(BrokerRules.NOT_A_COMMAND_IDENTITY);
        // Not a command topic: another site, a deeper level, an empty id.
        assertThat(rules.publish(ALARM, "acme/camgate/lab-2/camera/entrance/command", false).refusal())
                .isEqualTo(BrokerRules.RESERVED);
        assertThat(rules.publish(ALARM, "acme/camgate/lab-1/camera/a/b/command", false).refusal())
                .isEqualTo(BrokerRules.RESERVED);
        assertThat(rules.publish(ALARM, "acme/camgate/lab-1/camera//command", false).refusal())
                .isEqualTo(BrokerRules.RESERVED);
    }

    @Test
    void commandTopicsAreForTheGatewayAlone() {
        assertThat(rules.subscribe(Identity.GATEWAY, "acme/camgate/lab-1/camera/+/command")).isNull();
        for (String filter : new String[] {"acme/camgate/lab-1/camera/+/command", "acme/camgate/lab-1/camera/x/command",
                "$share/g/acme/camgate/lab-1/camera/+/command"}) {
            assertThat(rules.subscribe(ALARM, filter)).as(filter).isEqualTo(BrokerRules.COMMANDS_UNREADABLE);
            assertThat(anonymousRead.subscribe(Identity.ANONYMOUS, filter)).isEqualTo(BrokerRules.COMMANDS_UNREADABLE);
        }
        // Wider filters are allowed, but command messages are never delivered through them.
        for (String filter : new String[] {"#", "acme/#", "acme/camgate/lab-1/camera/+/+", "acme/+/lab-1/camera/+/command",
                "acme/camgate/lab-1/camera/x/command/#"}) {
            assertThat(rules.subscribe(VIEWER, filter)).as(filter).isNull();
        }
        assertThat(rules.deliverable(VIEWER, "acme/camgate/lab-1/camera/x/command")).isFalse();
        assertThat(rules.deliverable(ALARM, "acme/camgate/lab-1/camera/x/command")).isFalse();
        assertThat(rules.deliverable(Identity.GATEWAY, "acme/camgate/lab-1/camera/x/command")).isTrue();
        assertThat(rules.deliverable(VIEWER, "acme/camgate/lab-1/camera/x/manual")).isTrue();
        assertThat(rules.deliverable(null, "acme/camgate/lab-1/camera/x/manual")).isFalse();
    }

    @Test
    void anonymousClientsReadOnlyWhenAllowed() {
        assertThat(rules.subscribe(Identity.ANONYMOUS, "acme/camgate/lab-1/#")).isEqualTo(BrokerRules.ANONYMOUS_READ_OFF);
        assertThat(rules.deliverable(Identity.ANONYMOUS, "acme/camgate/lab-1/sensor/r/intrusion")).isFalse();
        assertThat(anonymousRead.subscribe(Identity.ANONYMOUS, "acme/camgate/lab-1/#")).isNull();
        assertThat(anonymousRead.deliverable(Identity.ANONYMOUS, "acme/camgate/lab-1/sensor/r/intrusion")).isTrue();
        assertThat(anonymousRead.deliverable(Identity.ANONYMOUS, "acme/camgate/lab-1/camera/x/command")).isFalse();
    }

    @Test
    void identitiesSurviveTheirEncoding() {
        for (Identity i : new Identity[] {Identity.GATEWAY, Identity.ANONYMOUS, ALARM}) {
            assertThat(Identity.decode(i.encode())).isEqualTo(i);
        }
        assertThat(Identity.decode(null)).isNull();
        assertThat(Identity.decode("user:")).isNull();
        assertThat(Identity.decode("root")).isNull();
    }
}
