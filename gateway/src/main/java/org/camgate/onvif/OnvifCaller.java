package org.camgate.onvif;

import org.camgate.audit.AuditEvent;
import org.camgate.common.net.HostPort;
import org.camgate.config.UserConfig;

import java.net.InetSocketAddress;

/**
 * Who is calling an ONVIF operation and how they reached the gateway.
 *
 * @param user     the authenticated user, or null for an anonymous (pre-auth) call
 * @param peer     the client's address (the connection's peer), for the access policy
 * @param host     the host the client used (from the Host header), for URIs handed back
 * @param httpPort the port the client used to reach the ONVIF service (from the Host header, else the port the
 *                 connection came in on)
 */
public record OnvifCaller(UserConfig user, InetSocketAddress peer, String host, int httpPort) {

    public String userName() {
        return user == null ? null : user.name();
    }

    /** The peer as the audit log writes it, {@code ip:port}. */
    public String remote() {
        return AuditEvent.formatRemote(peer);
    }

    /** {@code host:port} with IPv6 hosts in brackets. */
    public String authority(int port) {
        return HostPort.format(host, port);
    }
}
