package org.camgate.sensor.common;

/** A datagram that cannot be used; {@link #result} says how it is counted. */
public final class PacketException extends Exception {
    private final PacketResult result;

    public PacketException(PacketResult result, String message) {
        super(message, null, false, false);
        this.result = result;
    }

    public PacketResult result() {
        return result;
    }
}
