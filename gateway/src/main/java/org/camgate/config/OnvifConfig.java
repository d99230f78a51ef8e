package org.camgate.config;

import org.camgate.common.net.HostPort;
import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's own ONVIF device (device service at {@code /onvif/device_service}).
 *
 * @param listen                       default {@code 127.0.0.1:8080}
 * @param discovery                    answer WS-Discovery probes; default false
 * @param discoveryPort                UDP port for WS-Discovery; default 3702 (tests use 0)
 * @param maxSubscriptions             PullPoint subscriptions open at once; default 32
 * @param subscriptionQueue            events kept per subscription between pulls (oldest dropped); default 256
 * @param snapshotWhenGateShut         serve snapshots while a camera's gate is shut; default false
 * @param maxConnections               TCP connections to the ONVIF port in all; default 1000
 * @param maxUnauthenticatedPerAddress TCP connections from one IP address (IPv6: /64) that have not yet
 *                                     authenticated; default 20 (authenticated ones count only against the total)
 * @param maxSubscriptionsPerUser      PullPoint subscriptions one user may hold; default 10 (at most
 *                                     {@code maxSubscriptions})
 * @param maxSubscriptionTime          the longest termination time granted (requests for longer get this); default 1h
 * @param maxRememberedTokens          WS-Security tokens remembered against replay for the skew window; each user
 *                                     gets an equal share; when a share is full new tokens are refused; default 100000
 */
public record OnvifConfig(HostPort listen, boolean discovery, int discoveryPort, int maxSubscriptions,
                          int subscriptionQueue, boolean snapshotWhenGateShut, int maxConnections,
                          int maxUnauthenticatedPerAddress, int maxSubscriptionsPerUser, Duration maxSubscriptionTime,
                          int maxRememberedTokens) {
    /** The shortest subscription time ever granted, so {@code maxSubscriptionTime} may not be shorter. */
    public static final Duration MIN_SUBSCRIPTION_TIME = Duration.ofSeconds(10);

    public OnvifConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(maxSubscriptionTime, "maxSubscriptionTime");
        if (maxSubscriptions <= 0 || subscriptionQueue <= 0 || maxConnections <= 0 || maxUnauthenticatedPerAddress <= 0
                || maxSubscriptionsPerUser <= 0 || maxRememberedTokens <= 0) {
            throw new IllegalArgumentException("maxSubscriptions, subscriptionQueue, maxConnections, "
                    + "maxUnauthenticatedPerAddress, maxSubscriptionsPerUser and maxRememberedTokens must be positive");
        }
        if (maxSubscriptionTime.compareTo(MIN_SUBSCRIPTION_TIME) < 0) {
            throw new IllegalArgumentException("maxSubscriptionTime must be at least " + MIN_SUBSCRIPTION_TIME);
        }
    }

    public OnvifConfig(HostPort listen, boolean discovery) {
        this(listen, discovery, defaults().discoveryPort(), defaults().maxSubscriptions(),
                defaults().subscriptionQueue(), false);
    }

    public OnvifConfig(HostPort listen, boolean discovery, int discoveryPort, int maxSubscriptions,
                       int subscriptionQueue, boolean snapshotWhenGateShut) {
        this(listen, discovery, discoveryPort, maxSubscriptions, subscriptionQueue, snapshotWhenGateShut, 1000, 20,
                Math.min(10, maxSubscriptions), Duration.ofHours(1), 100_000);
    }

    public static OnvifConfig defaults() {
        return new OnvifConfig(new HostPort("127.0.0.1", 8080), false, 3702, 32, 256, false);
    }
}
