package org.camgate.config;

import java.util.Objects;

/**
 * The gateway's own ONVIF device (device service at {@code /onvif/device_service}).
 *
 * @param listen    default {@code 127.0.0.1:8080}
 * @param discovery answer WS-Discovery probes; default false
 */
public record OnvifConfig(HostPort listen, boolean discovery) {
    public OnvifConfig {
        Objects.requireNonNull(listen, "listen");
    }

    public static OnvifConfig defaults() {
        return new OnvifConfig(new HostPort("127.0.0.1", 8080), false);
    }
}
