package org.camgate.sensor.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * A sensor's meters: {@code camgate_sensor_packets_total{sensor, type, result}} (accepted, malformed, truncated,
 * oversized, out-of-order, duplicate, denied: from a source outside {@code allow}, sequence-jump: a sequence number
 * or frame id far from the current one) and {@code camgate_sensor_frames_incomplete_total{sensor, type}}.
 */
public final class PacketCounters {
    private final Map<PacketResult, Counter> counters = new EnumMap<>(PacketResult.class);
    private final Counter incomplete;
    private long abandonedSeen;

    public PacketCounters(MeterRegistry registry, String sensor, String type) {
        for (PacketResult r : PacketResult.values()) {
            counters.put(r, Counter.builder("camgate.sensor.packets")
                    .description("Datagrams received from a sensor, by what became of them")
                    .tags("sensor", sensor, "type", type, "result", r.tag())
                    .register(registry));
        }
        incomplete = Counter.builder("camgate.sensor.frames.incomplete")
                .description("Frames given up because a newer frame began before all their packets arrived")
                .tags("sensor", sensor, "type", type)
                .register(registry);
    }

    /** Adds the frames the input abandoned since the last call ({@code abandoned} is its running total). */
    public void abandoned(long abandoned) {
        if (abandoned > abandonedSeen) {
            incomplete.increment(abandoned - abandonedSeen);
            abandonedSeen = abandoned;
        }
    }

    public void count(PacketResult result) {
        counters.get(result).increment();
    }

    public double count(String tag) {
        for (Map.Entry<PacketResult, Counter> e : counters.entrySet()) {
            if (e.getKey().tag().equals(tag)) {
                return e.getValue().count();
            }
        }
        return 0;
    }
}
