package org.camgate.sensor.radar;

import java.util.List;
import java.util.Objects;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.common.SensorSettings;

/**
 * A radar: track lists as JSON datagrams.
 *
 * @param zones where its detectors look
 * @param lines lines whose crossing is reported
 */
public record RadarSettings(CommonSettings common, List<RadarZone> zones, List<LineConfig> lines) implements SensorSettings {
    public RadarSettings {
        Objects.requireNonNull(common, "common");
        zones = List.copyOf(zones);
        lines = List.copyOf(lines);
    }

    /** A radar with no zones or lines (it still reports faults). */
    public RadarSettings(CommonSettings common) {
        this(common, List.of(), List.of());
    }

    @Override
    public String type() {
        return Radar.NAME;
    }
}
