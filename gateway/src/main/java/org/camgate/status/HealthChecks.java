package org.camgate.status;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camgate.common.net.HostPort;
import org.camgate.mqtt.MqttPublisher;
import org.camgate.upstream.CameraState;
import org.camgate.upstream.CameraStatus;
import org.camgate.upstream.CameraWatch;

/**
 * What "down" means per component for {@code GET /health}. Listeners (RTSP, ONVIF) are down when not serving, MQTT
 * while the gateway's client is not connected to its broker (events wait in the outbox, but alarms reach nobody),
 * sensors when a configured input is not listening. Cameras are never down as a component, only {@code degraded}
 * when one is down or has lost its signal: a dead camera is not cured by restarting the gateway (which a monitor
 * acting on 503 might do, cutting every other camera's recording); each camera's state is reported instead.
 */
public final class HealthChecks {
    private HealthChecks() {
    }

    /** A listener: up with its address and {@code details} once bound, down before. */
    public static ComponentHealth listener(InetSocketAddress bound, Map<String, Object> details) {
        if (bound == null) {
            return ComponentHealth.down(Map.of("reason", "not started"));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("listen", HostPort.format(bound));
        d.putAll(details);
        return ComponentHealth.up(d);
    }

    public static ComponentHealth mqtt(MqttPublisher publisher, boolean embedded) {
        if (publisher == null) {
            return ComponentHealth.down(Map.of("reason", "not started"));
        }
        boolean connected = publisher.isConnected();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("broker", embedded ? "embedded" : "external");
        d.put("connected", connected);
        d.put("pending", publisher.pending());
        return ComponentHealth.of(connected, d);
    }

    /** @param bound a sensor's bound input address, or null when it is not listening */
    public static ComponentHealth sensors(List<String> configured, Function<String, InetSocketAddress> bound) {
        List<String> notListening = new ArrayList<>();
        for (String id : configured) {
            if (bound.apply(id) == null) {
                notListening.add(id);
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("configured", configured.size());
        d.put("listening", configured.size() - notListening.size());
        if (!notListening.isEmpty()) {
            d.put("notListening", notListening);
        }
        return ComponentHealth.of(notListening.isEmpty(), d);
    }

    /** Counts per state, the cameras down and those that lost their signal; never down. */
    public static ComponentHealth cameras(Collection<CameraWatch> watches) {
        Map<String, Object> d = new LinkedHashMap<>();
        int[] counts = new int[CameraState.values().length];
        List<String> down = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (CameraWatch watch : watches) {
            CameraStatus s = watch.status();
            counts[s.state().ordinal()]++;
            if (s.state() == CameraState.DOWN) {
                down.add(watch.cameraId());
            }
            if (s.signalLost()) {
                lost.add(watch.cameraId());
            }
        }
        for (CameraState state : CameraState.values()) {
            d.put(state.wire(), counts[state.ordinal()]);
        }
        d.put("downCameras", down);
        d.put("signalLost", lost);
        return new ComponentHealth(down.isEmpty() && lost.isEmpty() ? ComponentHealth.UP : ComponentHealth.DEGRADED, d);
    }
}
