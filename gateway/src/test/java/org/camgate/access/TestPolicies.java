package org.camgate.access;

import java.time.Clock;
import java.util.List;
import org.camgate.audit.AuditLog;
import org.camgate.audit.InMemoryAuditLog;
import org.camgate.config.AccessConfig;
import org.camgate.config.AuditConfig;
import org.camgate.config.GatewayConfig;
import org.camgate.config.LoginFailureConfig;
import org.camgate.config.MqttConfig;
import org.camgate.config.OnvifConfig;
import org.camgate.config.RtspConfig;
import org.camgate.config.StatusConfig;
import org.camgate.sensor.common.SensorSettings;

/** Access policies for tests that build parts of the gateway without a configuration file. */
public final class TestPolicies {
    private TestPolicies() {
    }

    /** The default site rules with these sensors, auditing into {@code audit}. */
    public static AccessPolicy forSensors(List<? extends SensorSettings> sensors, AuditLog audit) {
        GatewayConfig config = new GatewayConfig("test", RtspConfig.defaults(), OnvifConfig.defaults(),
                MqttConfig.defaults(), AccessConfig.defaults(), LoginFailureConfig.defaults(), List.of(),
                AuditConfig.defaults(), StatusConfig.defaults(), List.of(), List.copyOf(sensors));
        return new AccessPolicy(config, audit, Clock.systemUTC());
    }

    public static AccessPolicy forSensors(SensorSettings... sensors) {
        return forSensors(List.of(sensors), new InMemoryAuditLog());
    }
}
