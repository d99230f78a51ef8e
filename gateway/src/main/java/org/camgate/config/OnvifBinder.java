package org.camgate.config;

import org.camgate.common.yaml.YamlMap;
import org.camgate.common.units.Durations;
import org.camgate.common.net.HostPort;
import java.time.Duration;
import java.util.List;

/**
 * Binds the {@code onvif} section: listen address, connection limits, WS-Discovery, subscription bounds,
 * the WS-Security replay cache, snapshots.
 */
final class OnvifBinder {
    static final List<String> KEYS = List.of("listen", "discovery", "discoveryPort", "maxSubscriptions",
            "subscriptionQueue", "snapshotWhenGateShut", "maxConnections", "maxUnauthenticatedPerAddress",
            "maxSubscriptionsPerUser", "maxSubscriptionTime", "maxRememberedTokens");
    /** Upper bounds so that a typo cannot make the gateway hold unbounded state. */
    static final int MAX_SUBSCRIPTIONS = 1024;
    static final int MAX_QUEUE = 10_000;
    static final int MAX_CONNECTIONS = 100_000;
    static final int MAX_REMEMBERED_TOKENS = 10_000_000;
    static final Duration MAX_SUBSCRIPTION_TIME = Duration.ofDays(1);

    private OnvifBinder() {
    }

    static OnvifConfig bind(YamlMap m) {
        OnvifConfig d = OnvifConfig.defaults();
        HostPort listen = m.hostPort("listen", d.listen());
        boolean discovery = m.bool("discovery", d.discovery());
        int discoveryPort = m.port("discoveryPort", d.discoveryPort());
        int subscriptions = bounded(m, "maxSubscriptions", d.maxSubscriptions(), MAX_SUBSCRIPTIONS);
        int queue = bounded(m, "subscriptionQueue", d.subscriptionQueue(), MAX_QUEUE);
        boolean snapshots = m.bool("snapshotWhenGateShut", d.snapshotWhenGateShut());
        int connections = bounded(m, "maxConnections", d.maxConnections(), MAX_CONNECTIONS);
        int unauthenticated = m.positive("maxUnauthenticatedPerAddress", d.maxUnauthenticatedPerAddress());
        if (unauthenticated > connections) {
            m.problem("maxUnauthenticatedPerAddress", notAbove(m, "maxUnauthenticatedPerAddress", unauthenticated,
                    "maxConnections", connections));
            unauthenticated = connections;
        }
        int perUser;
        if (m.has("maxSubscriptionsPerUser")) {
            perUser = m.positive("maxSubscriptionsPerUser", d.maxSubscriptionsPerUser());
            if (perUser > subscriptions) {
                m.problem("maxSubscriptionsPerUser", notAbove(m, "maxSubscriptionsPerUser", perUser,
                        "maxSubscriptions", subscriptions));
                perUser = subscriptions;
            }
        } else {
            perUser = Math.min(d.maxSubscriptionsPerUser(), subscriptions);
        }
        Duration time = m.duration("maxSubscriptionTime", d.maxSubscriptionTime());
        if (time.compareTo(OnvifConfig.MIN_SUBSCRIPTION_TIME) < 0 || time.compareTo(MAX_SUBSCRIPTION_TIME) > 0) {
            m.problem("maxSubscriptionTime", Durations.format(time) + " is out of range (expected: "
                    + Durations.format(OnvifConfig.MIN_SUBSCRIPTION_TIME) + " to " + Durations.format(MAX_SUBSCRIPTION_TIME)
                    + ")");
            time = d.maxSubscriptionTime();
        }
        int tokens = bounded(m, "maxRememberedTokens", d.maxRememberedTokens(), MAX_REMEMBERED_TOKENS);
        return new OnvifConfig(listen, discovery, discoveryPort, subscriptions, queue, snapshots, connections,
                unauthenticated, perUser, time, tokens);
    }

    private static String notAbove(YamlMap m, String key, int value, String limitKey, int limit) {
        return (m.has(key) ? "must not exceed " : "the default (" + value + ") exceeds ") + limitKey + " (" + limit + ")"
                + (m.has(key) ? "" : "; set " + key + " too");
    }

    private static int bounded(YamlMap m, String key, int def, int max) {
        int v = m.positive(key, def);
        if (v > max) {
            m.problem(key, v + " is too large (expected: at most " + max + ")");
            return def;
        }
        return v;
    }
}
