package org.camgate.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.camgate.access.AccessPolicy;
import org.camgate.access.LoginThrottle;
import org.camgate.audit.InMemoryAuditLog;
import org.camgate.config.GatewayConfig;
import org.camgate.event.EventBus;

/** The gateway's access policy, login throttle and an in-memory audit log for one configuration, as tests need them. */
final class TestAccess {
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final AccessPolicy policy;
    final LoginThrottle throttle;

    TestAccess(GatewayConfig config) {
        policy = new AccessPolicy(config, audit, Clock.systemUTC());
        throttle = new LoginThrottle(config.loginFailures());
    }

    MqttService service(GatewayConfig config, EventBus bus, MeterRegistry metrics) {
        return new MqttService(config, bus, metrics, Clock.systemUTC(), policy, throttle, audit);
    }

    /** An {@link MqttService} with its own policy, throttle and audit log. */
    static MqttService mqttService(GatewayConfig config, EventBus bus, MeterRegistry metrics, Clock clock) {
        TestAccess access = new TestAccess(config);
        return new MqttService(config, bus, metrics, clock, access.policy, access.throttle, access.audit);
    }
}
