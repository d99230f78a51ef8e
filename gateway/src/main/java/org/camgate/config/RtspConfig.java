package org.camgate.config;

import org.camgate.common.net.HostPort;
import java.time.Duration;
import java.util.Objects;

/**
 * The RTSP proxy: where readers connect, limits, and how upstream camera sessions are kept.
 *
 * @param listen                   readers connect here; default {@code 127.0.0.1:8554}
 * @param udp                      UDP unicast media ports
 * @param sessionTimeout           an RTSP session without a request or RTCP for this long ends; default 60s
 * @param requestTimeout           a request must arrive completely within this; default 5s
 * @param idleTimeout              a connection with no session and no request for this long is closed; default 30s
 * @param maxConnections           reader TCP connections in all; default 2000
 * @param maxUnauthenticatedPerAddress reader TCP connections from one IP address (IPv6: /64) that have not yet
 *                                 authenticated; default 20 (authenticated ones count only against the total)
 * @param maxSessions              RTSP sessions in all; default 2000
 * @param maxSessionsPerAddress    RTSP sessions from one IP address; default 1000 (a recording server pulls many)
 * @param readerQueueBytes         per-reader send queue; beyond it the reader loses whole frames; default 4MB
 * @param gopCacheBytes            per-camera cache of the last GOP, so a new reader starts at a keyframe; default 8MB
 * @param nonceLifetime            a digest nonce is accepted for this long; default 5m
 * @param upstreamLinger           the camera session is kept this long after the last reader leaves; default 10s
 * @param reconnectMin             first delay before reconnecting to a camera; default 1s
 * @param reconnectMax             the delay doubles up to this; default 30s
 * @param upstreamTimeout          connect and response timeout towards cameras; default 10s
 */
public record RtspConfig(HostPort listen, UdpConfig udp, Duration sessionTimeout, Duration requestTimeout,
                         Duration idleTimeout, int maxConnections, int maxUnauthenticatedPerAddress, int maxSessions,
                         int maxSessionsPerAddress, long readerQueueBytes, long gopCacheBytes, Duration nonceLifetime,
                         Duration upstreamLinger, Duration reconnectMin,
                         Duration reconnectMax, Duration upstreamTimeout) {
    public RtspConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(udp, "udp");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(nonceLifetime, "nonceLifetime");
        Objects.requireNonNull(upstreamLinger, "upstreamLinger");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    }

    public static RtspConfig defaults() {
        return new RtspConfig(new HostPort("127.0.0.1", 8554), UdpConfig.defaults(), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 2000, 20, 2000, 1000, 4L << 20, 8L << 20,
                Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
    }
}
