package org.camgate.access;

import org.camgate.config.AccessConfig;

import java.net.InetAddress;
import java.util.List;

/** Allow and deny lists of networks: deny wins; an address in no allowed network is refused. */
public final class NetworkPolicy {
    private final List<Cidr> allow;
    private final List<Cidr> deny;

    public NetworkPolicy(List<Cidr> allow, List<Cidr> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
    }

    public static NetworkPolicy of(AccessConfig config) {
        return new NetworkPolicy(config.allow(), config.deny());
    }

    public boolean permits(InetAddress address) {
        for (Cidr network : deny) {
            if (network.contains(address)) {
                return false;
            }
        }
        for (Cidr network : allow) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
