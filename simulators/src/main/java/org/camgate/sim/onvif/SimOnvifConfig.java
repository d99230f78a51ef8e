package org.camgate.sim.onvif;

import java.time.Duration;
import java.util.Objects;

/**
 * One simulated ONVIF device in front of one simulated RTSP camera.
 *
 * @param host        loopback address to listen on
 * @param port        TCP port, 0 for any free one
 * @param cameraPath  the RTSP camera's path on the {@link org.camgate.sim.camera.SimCameraServer}
 * @param username    the user ONVIF calls must authenticate as (WS-Security UsernameToken), or null: no check
 * @param password    its password, or null
 * @param clockOffset how far the device's clock is off (it reports and checks Created with it): clock skew tests
 */
public record SimOnvifConfig(String host, int port, String cameraPath, String username, String password,
                             Duration clockOffset) {
    public SimOnvifConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(cameraPath, "cameraPath");
        Objects.requireNonNull(clockOffset, "clockOffset");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username/password: both or neither (expected: a pair)");
        }
    }

    public static SimOnvifConfig of(String cameraPath) {
        return new SimOnvifConfig("127.0.0.1", 0, cameraPath, null, null, Duration.ZERO);
    }

    public SimOnvifConfig withCredentials(String user, String pass) {
        return new SimOnvifConfig(host, port, cameraPath, user, pass, clockOffset);
    }

    public SimOnvifConfig withClockOffset(Duration offset) {
        return new SimOnvifConfig(host, port, cameraPath, username, password, offset);
    }

    public SimOnvifConfig withPort(int newPort) {
        return new SimOnvifConfig(host, newPort, cameraPath, username, password, clockOffset);
    }

    @Override
    public String toString() {
        return "SimOnvifConfig[" + host + ":" + port + ", camera=" + cameraPath
                + (username == null ? "" : ", username=" + username + ", password=***") + ", clockOffset=" + clockOffset + "]";
    }
}
