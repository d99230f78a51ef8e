package org.camgate.access;

import java.util.Locale;

/** A way into the gateway: each listener and message family the access policy is asked about. */
public enum Protocol {
    RTSP,
    ONVIF,
    SNAPSHOT,
    STATUS,
    DISCOVERY,
    MQTT,
    SENSOR,
    CLIPS;

    /** The name used in logs and in the audit log's {@code transport} field, e.g. {@code rtsp}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
