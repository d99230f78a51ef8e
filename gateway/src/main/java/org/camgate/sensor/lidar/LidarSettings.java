package org.camgate.sensor.lidar;

import java.util.List;
import java.util.Objects;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.SensorSettings;

/**
 * A LiDAR: point clouds split across datagrams.
 *
 * @param groundZ points at or below this height (metres) are ground and ignored
 * @param zones   where its detectors look
 */
public record LidarSettings(CommonSettings common, double groundZ, List<LidarZone> zones) implements SensorSettings {
    public static final double DEFAULT_GROUND_Z = 0.2;

    public LidarSettings {
        Objects.requireNonNull(common, "common");
        zones = List.copyOf(zones);
    }

    /** A LiDAR with the default ground and no zones (it still reports faults). */
    public LidarSettings(CommonSettings common) {
        this(common, DEFAULT_GROUND_Z, List.of());
    }

    @Override
    public String type() {
        return Lidar.NAME;
    }
}
