package org.camgate.sim.site;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.camgate.sim.camera.SimCameraConfig;

/**
 * A simulated site for the test lab, as read from a scenario file: simulated cameras (RTSP, optionally ONVIF),
 * sensors, and one timeline of objects, lighting, fires and faults that they all follow.
 *
 * @param host         where the simulated cameras' RTSP server listens
 * @param port         its port (0: any free port)
 * @param onvifPort    where the simulated ONVIF devices listen, -1 when none
 * @param duration     length of the timeline (zero: no timeline)
 * @param loop         whether the timeline repeats
 * @param cameras      the cameras, with their site scenes set
 * @param onvifCameras paths of the cameras that also answer ONVIF
 */
public record SiteScenario(String site, String host, int port, int onvifPort, Duration duration, boolean loop,
                           List<SimCameraConfig> cameras, Set<String> onvifCameras, List<SiteSensor> sensors,
                           SiteTimeline timeline, List<Fault> faults) {
    public SiteScenario {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(host, "host");
        cameras = List.copyOf(cameras);
        onvifCameras = Set.copyOf(onvifCameras);
        sensors = List.copyOf(sensors);
        faults = List.copyOf(faults);
    }

    /** The same site with sensors sending where {@code targets} says (by sensor id), e.g. to a gateway's bound ports. */
    public SiteScenario withSensorTargets(java.util.function.Function<String, java.net.InetSocketAddress> targets) {
        List<SiteSensor> moved = sensors.stream().map(s -> {
            java.net.InetSocketAddress target = targets.apply(s.id());
            return target == null ? s : new SiteSensor(s.id(), s.type(), target, s.x(), s.y(), s.view(), s.width(),
                    s.height(), s.loss());
        }).toList();
        return new SiteScenario(site, host, port, onvifPort, duration, loop, cameras, onvifCameras, moved, timeline,
                faults);
    }
}
