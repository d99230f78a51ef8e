package org.camgate.sensor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * A sensor's meters: {@code camgate_sensor_packets_total{sensor, type, result}} (accepted, malformed, truncated,
 * oversized, out-of-order, duplicate) and {@code camgate_sensor_frames_incomplete_total{sensor, type}}.
 */
final class PacketCounters {
    private final Map<PacketResult, Counter> counters = new EnumMap<>(PacketResult.class);

    PacketCounters(MeterRegistry registry, String sensor, String type, SensorInput input) {
        for (PacketResult r : PacketResult.values()) {
            counters.put(r, Counter.builder("camgate.sensor.packets")
                    .description("Datagrams received from a sensor, by what became of them")
                    .tags("sensor", sensor, "type", type, "result", r.tag())
                    .register(registry));
        }
        FunctionCounter.builder("camgate.sensor.frames.incomplete", input, SensorInput::framesAbandoned)
                .description("Frames given up because a newer frame began before all their packets arrived")
                .tags("sensor", sensor, "type", type)
                .register(registry);
    }

    void count(PacketResult result) {
        counters.get(result).increment();
    }

    double count(String tag) {
        for (Map.Entry<PacketResult, Counter> e : counters.entrySet()) {
            if (e.getKey().tag().equals(tag)) {
                return e.getValue().count();
            }
        }
        return 0;
    }
}
