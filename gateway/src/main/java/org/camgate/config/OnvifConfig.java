package org.camgate.config;

import java.util.Objects;

/**
 * The gateway's own ONVIF device (device service at {@code /onvif/device_service}).
 *
 * @param listen               default {@code 127.0.0.1:8080}
 * @param discovery            answer WS-Discovery probes; default false
 * @param discoveryPort        UDP port for WS-Discovery; default 3702 (tests use 0)
 * @param maxSubscriptions     PullPoint subscriptions open at once; default 32
 * @param subscriptionQueue    events kept per subscription between pulls (oldest dropped); default 256
 * @param snapshotWhenGateShut serve snapshots while a camera's gate is shut; default false
 */
public record OnvifConfig(HostPort listen, boolean discovery, int discoveryPort, int maxSubscriptions,
                          int subscriptionQueue, boolean snapshotWhenGateShut) {
    public OnvifConfig {
        Objects.requireNonNull(listen, "listen");
        if (maxSubscriptions <= 0 || subscriptionQueue <= 0) {
            throw new IllegalArgumentException("maxSubscriptions and subscriptionQueue must be positive");
        }
    }

    public OnvifConfig(HostPort listen, boolean discovery) {
        this(listen, discovery, defaults().discoveryPort(), defaults().maxSubscriptions(),
                defaults().subscriptionQueue(), false);
    }

    public static OnvifConfig defaults() {
        return new OnvifConfig(new HostPort("127.0.0.1", 8080), false, 3702, 32, 256, false);
    }
}
