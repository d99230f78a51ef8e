package org.camgate.sensor.common;

import java.util.Locale;

/**
 * How a datagram was counted: metric tag {@code result} of {@code camgate_sensor_packets_total}.
 * {@code SEQUENCE_JUMP}: its sequence number or frame id was far from the sensor's current one, so it was not trusted
 * (a restarted sensor's first datagrams, or spoofed ones; see {@link SequenceGuard}).
 */
public enum PacketResult {
    ACCEPTED, MALFORMED, TRUNCATED, OVERSIZED, OUT_OF_ORDER, DUPLICATE, DENIED, SEQUENCE_JUMP;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
