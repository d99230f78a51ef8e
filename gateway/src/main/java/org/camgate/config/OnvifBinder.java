package org.camgate.config;

import java.util.List;

/** Binds the {@code onvif} section: listen address, WS-Discovery, subscription bounds, snapshots. */
final class OnvifBinder {
    static final List<String> KEYS = List.of("listen", "discovery", "discoveryPort", "maxSubscriptions",
            "subscriptionQueue", "snapshotWhenGateShut");
    /** Upper bounds so that a typo cannot make the gateway hold unbounded state. */
    static final int MAX_SUBSCRIPTIONS = 1024;
    static final int MAX_QUEUE = 10_000;

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
        return new OnvifConfig(listen, discovery, discoveryPort, subscriptions, queue, snapshots);
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
