package org.camgate.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.camgate.sensor.common.SensorSettings;

/**
 * The whole, validated gateway configuration (see {@code conf/gateway/reference.yaml}). Immutable; obtain one from
 * {@link ConfigLoader}, which reports every problem with its YAML path and line.
 */
public record GatewayConfig(String site, RtspConfig rtsp, OnvifConfig onvif, MqttConfig mqtt, AccessConfig access,
                            LoginFailureConfig loginFailures,
                            List<UserConfig> users, AuditConfig audit, StatusConfig status, List<CameraConfig> cameras,
                            List<SensorSettings> sensors, LogConfig log, ReloadConfig reload,
                            ClipsConfig clips) {
    public GatewayConfig {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(reload, "reload");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(rtsp, "rtsp");
        Objects.requireNonNull(onvif, "onvif");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(loginFailures, "loginFailures");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(clips, "clips");
        users = List.copyOf(users);
        cameras = List.copyOf(cameras);
        sensors = List.copyOf(sensors);
    }

    /** With the default {@link LogConfig} and reload settings, without alarm clips. */
    public GatewayConfig(String site, RtspConfig rtsp, OnvifConfig onvif, MqttConfig mqtt, AccessConfig access,
                         LoginFailureConfig loginFailures, List<UserConfig> users, AuditConfig audit, StatusConfig status,
                         List<CameraConfig> cameras, List<SensorSettings> sensors) {
        this(site, rtsp, onvif, mqtt, access, loginFailures, users, audit, status, cameras, sensors, LogConfig.defaults(),
                ReloadConfig.defaults(), ClipsConfig.disabled());
    }

    public Optional<CameraConfig> camera(String id) {
        return cameras.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<UserConfig> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public Optional<SensorSettings> sensor(String id) {
        return sensors.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
