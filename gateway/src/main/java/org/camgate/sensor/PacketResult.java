package org.camgate.sensor;

import java.util.Locale;

/** How a datagram was counted: metric tag {@code result} of {@code camgate_sensor_packets_total}. */
enum PacketResult {
    ACCEPTED, MALFORMED, TRUNCATED, OVERSIZED, OUT_OF_ORDER, DUPLICATE, DENIED;

    String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
