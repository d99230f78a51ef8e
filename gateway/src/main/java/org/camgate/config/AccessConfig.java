package org.camgate.config;

import java.net.InetAddress;
import java.util.List;
import org.camgate.access.Cidr;

/**
 * Network allow/deny lists. An address is permitted when it is in some {@code allow} network and in no
 * {@code deny} network (deny wins). The top level defaults to loopback only; a camera's own lists apply
 * on top of the top level's, and there {@code allow} defaults to everywhere.
 */
public record AccessConfig(List<Cidr> allow, List<Cidr> deny) {
    public AccessConfig {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public boolean permits(InetAddress address) {
        return allow.stream().anyMatch(c -> c.contains(address)) && deny.stream().noneMatch(c -> c.contains(address));
    }

    /** Top-level default: allow 127.0.0.0/8 and ::1/128, deny nothing. */
    public static AccessConfig defaults() {
        return new AccessConfig(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")), List.of());
    }

    /** Default for a camera's lists: allow 0.0.0.0/0 and ::/0 (the top level still applies), deny nothing. */
    public static AccessConfig everywhere() {
        return new AccessConfig(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")), List.of());
    }
}
