package org.camgate.mqtt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;

/**
 * MQTT benchmark (run by {@code bench/mqtt.sh}): events published on the gateway's bus at a fixed rate go through
 * the durable outbox to a local Mosquitto (QoS 1, each event = the event message + its retained state message);
 * a Paho subscriber (QoS 1) counts what arrives. Prints the sustained event rate acknowledged by the broker, the
 * latency from publication on the bus to the broker's PUBACK of the event message (p50, p99, max), and how many
 * events reached the subscriber.
 *
 * <p>Arguments: {@code [--rate 10000] [--duration 20] [--warmup 5] [--fsync 100ms] [--inflight 20]} (Mosquitto's
 * {@code max_inflight_messages}, which it announces as its receive maximum; 20 is its default).
 */
public final class MqttBench {
    private MqttBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = 10_000;
        int duration = 20;
        int warmup = 5;
        String fsync = "100ms";
        int inflight = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--duration" -> duration = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--fsync" -> fsync = args[i + 1];
                case "--inflight" -> inflight = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("camgate-mqtt-bench");
        try (MosquittoProcess broker = new MosquittoProcess(dir, "allow_anonymous true", "", false, inflight).start();
             TestSubscriber sub = new TestSubscriber(broker.uri("tcp"), "bench-sub", "bench/lab-1/sensor/+/intrusion",
                     null, null, null)) {
            sub.keepMessages = false;
            GatewayConfig config = ConfigLoader.parse("""
                    site: lab-1
                    mqtt:
                      broker: %s
                      topicPrefix: bench
                      outbox: { dir: "%s", fsyncInterval: %s }
                    """.formatted(broker.uri("tcp"), dir.resolve("outbox"), fsync), "bench.yaml", Map.of());
            EventBus bus = new EventBus();
            MqttService mqtt = TestAccess.mqttService(config, bus, new SimpleMeterRegistry(), Clock.systemUTC());
            mqtt.start();
            Histogram latency = new Histogram(Duration.ofSeconds(60).toNanos(), 3);
            AtomicLong acked = new AtomicLong();
            long[] measuring = {0};
            mqtt.publisher().ackObserver((m, nanos) -> {
                if (!m.retained()) {
                    acked.incrementAndGet();
                    if (measuring[0] != 0 && nanos > 0) {
                        synchronized (latency) {
                            latency.recordValue(Math.min(nanos, latency.getHighestTrackableValue()));
                        }
                    }
                }
            });
            while (!mqtt.publisher().isConnected()) {
                Thread.sleep(20);
            }
            System.out.printf("camgate MQTT bench: %d events/s for %ds (after %ds warm-up), QoS 1, outbox fsync %s, "
                    + "Mosquitto max_inflight_messages %d (its receive maximum)%n", rate, duration, warmup, fsync,
                    inflight);
            long start = System.nanoTime();
            long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
            long end = measureFrom + Duration.ofSeconds(duration).toNanos();
            long sent = 0;
            long ackedAtStart = 0;
            long sentAtStart = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (measuring[0] == 0 && now >= measureFrom) {
                    measuring[0] = now;
                    ackedAtStart = acked.get();
                    sentAtStart = sent;
                }
                long due = (now - start) * rate / 1_000_000_000L;
                while (sent < due) {
                    bus.publish(new Event("b-" + sent, Instant.now(), "lab-1", EventSource.sensor("radar-1", "radar"),
                            "intrusion", sent % 2 == 0 ? EventState.START : EventState.END, "z1",
                            Map.of("n", sent, "speed", 1.4)));
                    sent++;
                }
                Thread.sleep(0, 200_000);
            }
            long ackedInWindow = acked.get() - ackedAtStart;
            long sentInWindow = sent - sentAtStart;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((mqtt.publisher().pending() > 0 || sub.eventIds.size() < sent) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            synchronized (latency) {
                System.out.printf("offered   %,d events in the window (%,.0f/s)%n", sentInWindow,
                        sentInWindow / (double) duration);
                System.out.printf("acked     %,d events in the window (%,.0f/s sustained)%n", ackedInWindow,
                        ackedInWindow / (double) duration);
                System.out.printf("latency   bus -> PUBACK  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n",
                        latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                        latency.getValueAtPercentile(99.9) / 1e6, latency.getMaxValue() / 1e6);
                System.out.printf("delivered %,d of %,d events at the subscriber; %d pending in the outbox%n",
                        sub.eventIds.size(), sent, mqtt.publisher().pending());
            }
            mqtt.close();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
