package org.camgate.sim.onvif;

import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts one simulated ONVIF device per camera of a running RTSP server ({@code run --onvif HOST:PORT}). */
public final class OnvifDevices {
    private OnvifDevices() {
    }

    /**
     * @param listen {@code host:port}; devices take PORT, PORT+1, ... (0: each a free port)
     * @return the started devices, in camera order; none are left running when one fails
     */
    public static List<SimOnvifCamera> start(String listen, SimCameraServer server) {
        if (server == null) {
            throw new IllegalArgumentException("the scenario has no cameras");
        }
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + listen + "' (expected: host:port, e.g. 127.0.0.1:8081)");
        }
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + listen + "': port is not a number");
        }
        return start(host, port, server, server.cameras().stream().map(SimCameraConfig::path).toList());
    }

    /** Devices for the cameras named in {@code paths}, on {@code port}, {@code port + 1}, ... (0: free ports). */
    public static List<SimOnvifCamera> start(String host, int port, SimCameraServer server, List<String> paths) {
        List<SimOnvifCamera> devices = new ArrayList<>();
        try {
            for (SimCameraConfig camera : server.cameras()) {
                if (!paths.contains(camera.path())) {
                    continue;
                }
                SimOnvifConfig config = new SimOnvifConfig(host, port == 0 ? 0 : port + devices.size(), camera.path(),
                        camera.username(), camera.password(), Duration.ZERO);
                devices.add(new SimOnvifCamera(config, server).start());
            }
        } catch (RuntimeException e) {
            devices.forEach(SimOnvifCamera::stop);
            throw e;
        }
        return devices;
    }
}
