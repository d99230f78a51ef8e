package org.camgate.onvif.discovery;

import java.nio.charset.StandardCharsets;

/** Test access to the probe the discovery client sends. */
public final class Probes {
    private Probes() {
    }

    public static byte[] probe(String messageId) {
        return DiscoveryMessages.probe(messageId).getBytes(StandardCharsets.UTF_8);
    }

    public static String newMessageId() {
        return DiscoveryResponder.newMessageId();
    }
}
