package org.camgate.sim.site;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A simulated radar, LiDAR or thermal sensor of a site, sending to the gateway at {@code target}.
 *
 * @param type   {@code radar}, {@code lidar} or {@code thermal}
 * @param x      radar and LiDAR: where it stands (site metres); what it reports is relative to this point
 * @param y      see x
 * @param view   thermal: the ground its pixels cover (site metres); null for radar and LiDAR
 * @param width  thermal: pixels across (32, 80 or 160)
 * @param height thermal: pixels down (24, 60 or 120)
 * @param loss   share of datagrams lost on the way
 */
public record SiteSensor(String id, String type, InetSocketAddress target, double x, double y, CameraView view,
                         int width, int height, double loss) {
    public SiteSensor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
    }
}
