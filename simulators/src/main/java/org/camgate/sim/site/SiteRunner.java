package org.camgate.sim.site;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.onvif.OnvifDevices;
import org.camgate.sim.onvif.SimOnvifCamera;
import org.camgate.sim.sensor.Faults;
import org.camgate.sim.sensor.SensorSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SiteScenario}: its cameras on one simulated RTSP server (and an ONVIF device for each camera marked
 * {@code onvif: true}), a simulator per sensor sending to the
 * gateway, and its camera faults at their times (again in every cycle when the timeline loops). Sensor faults
 * are part of the sensors' own scenes. {@link #stop()} undoes everything; a failed start stops what it started.
 */
public final class SiteRunner {
    private static final Logger log = LoggerFactory.getLogger(SiteRunner.class);

    private final SiteScenario scenario;
    private final List<SensorSimulator> sensors = new ArrayList<>();
    private final List<SimOnvifCamera> onvifDevices = new ArrayList<>();
    private SimCameraServer cameras;
    private ScheduledExecutorService faults;

    public SiteRunner(SiteScenario scenario) {
        this.scenario = scenario;
    }

    public synchronized SiteRunner start() {
        try {
            if (!scenario.cameras().isEmpty()) {
                cameras = new SimCameraServer(scenario.host(), scenario.port(), scenario.cameras()).start();
                if (!scenario.onvifCameras().isEmpty()) {
                    onvifDevices.addAll(OnvifDevices.start(scenario.host(), scenario.onvifPort(), cameras,
                            scenario.cameras().stream().map(c -> c.path())
                                    .filter(scenario.onvifCameras()::contains).toList()));
                }
            }
            for (SiteSensor sensor : scenario.sensors()) {
                SensorSimulator simulator = new SensorSimulator(
                        new SiteSensorScenario(sensor, scenario.timeline(), scenario.faults(), scenario.duration(),
                                scenario.loop()),
                        new Faults(sensor.loss(), 0, null, Duration.ZERO, sensor.id().hashCode()), false);
                simulator.start(new InetSocketAddress(sensor.target().getHostString(), sensor.target().getPort()));
                sensors.add(simulator);
            }
            scheduleCameraFaults();
            return this;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void scheduleCameraFaults() {
        List<Fault> cameraFaults = scenario.faults().stream().filter(Fault::onCamera).toList();
        if (cameraFaults.isEmpty() || cameras == null) {
            return;
        }
        faults = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-faults");
            t.setDaemon(true);
            return t;
        });
        long cycle = scenario.duration().toMillis();
        for (Fault fault : cameraFaults) {
            long at = Math.round(fault.at() * 1000);
            if (scenario.loop() && cycle > 0) {
                faults.scheduleAtFixedRate(() -> inject(fault), at, cycle, TimeUnit.MILLISECONDS);
            } else {
                faults.schedule(() -> inject(fault), at, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void inject(Fault fault) {
        try {
            log.info("fault: {} on camera {} for {} ms", fault.action(), fault.target(), fault.duration().toMillis());
            switch (fault.action()) {
                case "reboot" -> cameras.reboot(fault.target(), fault.duration());
                case "stall" -> cameras.stall(fault.target(), fault.duration());
                case "credentials" -> cameras.breakCredentials(fault.target(), fault.duration());
                case "garbage" -> cameras.garbage(fault.target());
                case "loss" -> cameras.packetLoss(fault.target(), fault.rate(), fault.duration());
                default -> throw new IllegalArgumentException("unknown camera fault " + fault.action());
            }
        } catch (RuntimeException e) {
            log.warn("fault {} on camera {} failed: {}", fault.action(), fault.target(), e.toString());
        }
    }

    public synchronized void stop() {
        if (faults != null) {
            faults.shutdownNow();
            faults = null;
        }
        sensors.forEach(SensorSimulator::stop);
        sensors.clear();
        onvifDevices.forEach(SimOnvifCamera::stop);
        onvifDevices.clear();
        if (cameras != null) {
            cameras.stop();
            cameras = null;
        }
    }

    /** The running camera server, or null when the site has no cameras. */
    public synchronized SimCameraServer cameras() {
        return cameras;
    }

    /** The simulated ONVIF devices of the cameras with {@code onvif: true}, in camera order. */
    public synchronized List<SimOnvifCamera> onvifDevices() {
        return List.copyOf(onvifDevices);
    }

    public SiteScenario scenario() {
        return scenario;
    }
}
