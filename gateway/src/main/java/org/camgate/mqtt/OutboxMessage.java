package org.camgate.mqtt;

import java.util.Objects;

/**
 * One MQTT message held in the {@link Outbox} until the broker acknowledges it.
 *
 * @param seq        position in the outbox; increases by one per message, never reused
 * @param enqueued   when it was accepted (epoch milliseconds; retention counts from here)
 * @param topic      the full topic
 * @param retained   whether the broker keeps it as the topic's last value
 * @param payload    the bytes published (not copied: do not change)
 * @param acceptedNanos {@link System#nanoTime()} when appended in this run, for latency; 0 when read back from disk
 */
public record OutboxMessage(long seq, long enqueued, String topic, boolean retained, byte[] payload,
                            long acceptedNanos) {
    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * A message not yet in the outbox (no sequence number yet).
     *
     * @param offeredNanos {@link System#nanoTime()} when its event was handed to the outbox (latency counts from
     *                     there, including any wait for the disk), or 0: when appended
     */
    public record Draft(String topic, boolean retained, byte[] payload, long offeredNanos) {
        public Draft {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
        }

        public Draft(String topic, boolean retained, byte[] payload) {
            this(topic, retained, payload, 0);
        }

        /** The same message, offered at {@code nanos}. */
        Draft offeredAt(long nanos) {
            return new Draft(topic, retained, payload, nanos);
        }
    }
}
