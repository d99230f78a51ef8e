package org.camgate.config;

import org.camgate.common.yaml.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded broker's settings in the {@code mqtt} section. */
class MqttConfigTest {
    private static GatewayConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", Map.of());
    }

    @Test
    void anonymousReadingIsOffUnlessEnabled() throws Exception {
        assertThat(MqttConfig.defaults().embeddedAnonymousRead()).isFalse();
        assertThat(parse("site: s\n").mqtt().embeddedAnonymousRead()).isFalse();
        assertThat(parse("site: s\nmqtt:\n  embedded: { anonymousRead: true }\n").mqtt().embeddedAnonymousRead())
                .isTrue();
    }

    @Test
    void anonymousReadMustBeABooleanAndOnlyWithTheEmbeddedBroker() {
        assertThatThrownBy(() -> parse("site: s\nmqtt:\n  embedded: { anonymousRead: yes please }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mqtt.embedded.anonymousRead (line 3): expected true or false, got \"yes please\"");
        assertThatThrownBy(() -> parse("site: s\nmqtt:\n  broker: tcp://192.0.2.1:1883\n"
                + "  embedded: { anonymousRead: false }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mqtt.embedded.anonymousRead (line 4): only used with broker: embedded "
                        + "(an external broker keeps its own ACL)");
        assertThatThrownBy(() -> parse("site: s\nmqtt:\n  embedded: { anonymous: true }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mqtt.embedded.anonymous (line 3): unknown key; expected one of: listen, users, "
                        + "anonymousRead");
    }
}
