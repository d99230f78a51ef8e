package org.camgate.mqtt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.EventBus;

/**
 * A gateway's MQTT side in its own JVM, for {@link MosquittoIT} to kill with SIGKILL: publishes numbered events
 * as fast as it can and prints {@code accepted N} (to stdout) when events 0..N have been accepted (written to the
 * outbox by its writer thread, which may be a little behind the publishing), after every 100th event published
 * and then until all are accepted. Arguments: broker URI, outbox directory, number of events.
 */
public final class GatewayCrashChild {
    private GatewayCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                site: lab-1
                mqtt:
                  broker: %s
                  reconnect: { min: 100ms, max: 500ms }
                  outbox: { dir: "%s" }
                """.formatted(args[0], args[1]), "child.yaml", Map.of());
        int events = Integer.parseInt(args[2]);
        EventBus bus = new EventBus();
        MqttService mqtt = TestAccess.mqttService(config, bus, new SimpleMeterRegistry(), Clock.systemUTC());
        mqtt.start();
        for (int i = 0; i < events; i++) {
            bus.publish(MosquittoIT.numbered(i));
            if (i % 100 == 99) {
                System.out.println("accepted " + (mqtt.publisher().acceptedEvents() - 1));
                System.out.flush();
            }
        }
        while (mqtt.publisher().acceptedEvents() < events) {
            Thread.sleep(1);
            System.out.println("accepted " + (mqtt.publisher().acceptedEvents() - 1));
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
