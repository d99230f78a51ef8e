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
 * @param motionTopics which topics carry the scene's motion
 * @param filteredOnly motion is only raised on subscriptions that carry a topic filter naming its topic (as some
 *                     real devices do); unfiltered subscriptions stay silent
 */
public record SimOnvifConfig(String host, int port, String cameraPath, String username, String password,
                             Duration clockOffset, MotionTopics motionTopics, boolean filteredOnly) {
    /** The topics a simulated device raises motion on. */
    public enum MotionTopics {
        /** {@code tns1:VideoSource/MotionAlarm} (State) and {@code tns1:RuleEngine/CellMotionDetector/Motion} (IsMotion). */
        ALARM_AND_CELL,
        /** {@code tns1:RuleEngine/MotionRegionDetector/Motion} (State) only, as Profile M devices do. */
        MOTION_REGION
    }

    public SimOnvifConfig(String host, int port, String cameraPath, String username, String password,
                          Duration clockOffset) {
        this(host, port, cameraPath, username, password, clockOffset, MotionTopics.ALARM_AND_CELL, false);
    }

    public SimOnvifConfig {
        java.util.Objects.requireNonNull(motionTopics, "motionTopics");
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
        return new SimOnvifConfig(host, port, cameraPath, user, pass, clockOffset, motionTopics, filteredOnly);
    }

    public SimOnvifConfig withClockOffset(Duration offset) {
        return new SimOnvifConfig(host, port, cameraPath, username, password, offset, motionTopics, filteredOnly);
    }

    public SimOnvifConfig withPort(int newPort) {
        return new SimOnvifConfig(host, newPort, cameraPath, username, password, clockOffset, motionTopics, filteredOnly);
    }

    public SimOnvifConfig withMotionTopics(MotionTopics topics, boolean onlyFiltered) {
        return new SimOnvifConfig(host, port, cameraPath, username, password, clockOffset, topics, onlyFiltered);
    }

    @Override
    public String toString() {
        return "SimOnvifConfig[" + host + ":" + port + ", camera=" + cameraPath
                + (username == null ? "" : ", username=" + username + ", password=***") + ", clockOffset=" + clockOffset + ", motionTopics=" + motionTopics + ", filteredOnly=" + filteredOnly + "]";
    }
}
