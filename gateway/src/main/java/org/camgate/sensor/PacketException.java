package org.camgate.sensor;

/** A datagram that cannot be used; {@link #result} says how it is counted. */
final class PacketException extends Exception {
    private final PacketResult result;

    PacketException(PacketResult result, String message) {
        super(message, null, false, false);
        this.result = result;
    }

    PacketResult result() {
        return result;
    }
}
