package org.camgate.config;

/**
 * UDP unicast media towards readers (RTP and RTCP from these local ports). Port 0 = any free port (tests).
 *
 * @param enabled  whether readers may ask for UDP transport; default true
 * @param rtpPort  even when non-zero; default 8000
 * @param rtcpPort default 8001
 */
public record UdpConfig(boolean enabled, int rtpPort, int rtcpPort) {
    public UdpConfig {
        if (rtpPort < 0 || rtpPort > 65535 || rtcpPort < 0 || rtcpPort > 65535) {
            throw new IllegalArgumentException("udp ports: " + rtpPort + ", " + rtcpPort + " (expected: 0-65535)");
        }
    }

    public static UdpConfig defaults() {
        return new UdpConfig(true, 8000, 8001);
    }
}
