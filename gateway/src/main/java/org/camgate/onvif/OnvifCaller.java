package org.camgate.onvif;

import org.camgate.config.UserConfig;

/**
 * Who is calling an ONVIF operation and how they reached the gateway.
 *
 * @param user     the authenticated user, or null for an anonymous (pre-auth) call
 * @param remote   the peer, {@code ip:port}
 * @param host     the host the client used (from the Host header), for URIs handed back
 * @param httpPort the port the client used to reach the ONVIF service
 */
public record OnvifCaller(UserConfig user, String remote, String host, int httpPort) {

    public boolean mayView(String cameraId) {
        return user != null && user.mayView(cameraId);
    }

    public String userName() {
        return user == null ? null : user.name();
    }

    /** {@code host:port} with IPv6 hosts in brackets. */
    public String authority(int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
