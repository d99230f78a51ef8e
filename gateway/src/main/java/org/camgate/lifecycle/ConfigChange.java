package org.camgate.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camgate.config.CameraConfig;
import org.camgate.config.GatewayConfig;

/**
 * What differs between the running configuration and a reloaded one, part by part. Cameras are compared one by one
 * (a camera whose settings differ in any way, gate and motion included, is {@code changed} and only its sessions
 * restart); users, access lists, sensors, MQTT and ONVIF as whole sections. Parts that cannot be applied while
 * running ({@code site}, {@code rtsp}, {@code status}, {@code audit}, {@code access.loginFailures}) are listed in
 * {@link #needsRestart()}: the running gateway keeps their old values until it is restarted.
 */
public record ConfigChange(GatewayConfig previous, GatewayConfig next, Set<String> addedCameras,
                           Set<String> removedCameras, Set<String> changedCameras, boolean users, boolean access,
                           boolean sensors, boolean mqtt, boolean onvif, List<String> needsRestart) {

    public ConfigChange {
        requireNonNull(previous, "previous");
        requireNonNull(next, "next");
        addedCameras = Set.copyOf(addedCameras);
        removedCameras = Set.copyOf(removedCameras);
        changedCameras = Set.copyOf(changedCameras);
        needsRestart = List.copyOf(needsRestart);
    }

    /** Compares {@code previous} (running) with {@code next} (reloaded). */
    public static ConfigChange between(GatewayConfig previous, GatewayConfig next) {
        Map<String, CameraConfig> before = byId(previous);
        Map<String, CameraConfig> after = byId(next);
        Set<String> added = new LinkedHashSet<>();
        Set<String> changed = new LinkedHashSet<>();
        for (CameraConfig camera : next.cameras()) {
            CameraConfig old = before.get(camera.id());
            if (old == null) {
                added.add(camera.id());
            } else if (!old.equals(camera)) {
                changed.add(camera.id());
            }
        }
        Set<String> removed = new LinkedHashSet<>(before.keySet());
        removed.removeAll(after.keySet());
        List<String> restart = new ArrayList<>();
        if (!previous.site().equals(next.site())) {
            restart.add("site");
        }
        if (!previous.rtsp().equals(next.rtsp())) {
            restart.add("rtsp");
        }
        if (!previous.status().equals(next.status())) {
            restart.add("status");
        }
        if (!previous.audit().equals(next.audit())) {
            restart.add("audit");
        }
        if (!previous.loginFailures().equals(next.loginFailures())) {
            restart.add("access.loginFailures");
        }
        if (!previous.log().equals(next.log())) {
            restart.add("log");
        }
        return new ConfigChange(previous, next, added, removed, changed,
                !previous.users().equals(next.users()), !previous.access().equals(next.access()),
                !previous.sensors().equals(next.sensors()), !previous.mqtt().equals(next.mqtt()),
                !previous.onvif().equals(next.onvif()), restart);
    }

    private static Map<String, CameraConfig> byId(GatewayConfig config) {
        Map<String, CameraConfig> out = new LinkedHashMap<>();
        config.cameras().forEach(c -> out.put(c.id(), c));
        return out;
    }

    /**
     * The configuration the gateway runs after applying this change: {@code next}, except the parts that need a
     * restart, which keep their running values (so a later reload still reports them).
     */
    public GatewayConfig running() {
        return new GatewayConfig(previous.site(), previous.rtsp(), next.onvif(), next.mqtt(), next.access(),
                previous.loginFailures(), next.users(), previous.audit(), previous.status(), next.cameras(),
                next.sensors(), previous.log(), next.reload(), next.clips());
    }

    /** Whether any camera was added, removed or changed. */
    public boolean cameras() {
        return !addedCameras.isEmpty() || !removedCameras.isEmpty() || !changedCameras.isEmpty();
    }

    /** Cameras whose running session ends: removed or changed. */
    public Set<String> endedCameras() {
        Set<String> out = new LinkedHashSet<>(removedCameras);
        out.addAll(changedCameras);
        return out;
    }

    /** Whether who may see what may have changed (users, access lists or cameras, whose access lists are their own). */
    public boolean permissions() {
        return users || access || cameras();
    }

    /** Nothing differs. */
    public boolean isEmpty() {
        return parts().isEmpty() && needsRestart.isEmpty();
    }

    /**
     * The changed parts applied in place, for logs and the audit log, e.g.
     * {@code [cameras added: b, cameras removed: c, users]}; parts needing a restart are not in it.
     */
    public List<String> parts() {
        List<String> out = new ArrayList<>();
        if (!addedCameras.isEmpty()) {
            out.add("cameras added: " + String.join(", ", sorted(addedCameras)));
        }
        if (!removedCameras.isEmpty()) {
            out.add("cameras removed: " + String.join(", ", sorted(removedCameras)));
        }
        if (!changedCameras.isEmpty()) {
            out.add("cameras changed: " + String.join(", ", sorted(changedCameras)));
        }
        if (users) {
            out.add("users");
        }
        if (access) {
            out.add("access");
        }
        if (sensors) {
            out.add("sensors");
        }
        if (mqtt) {
            out.add("mqtt");
        }
        if (onvif) {
            out.add("onvif");
        }
        return out;
    }

    private static List<String> sorted(Set<String> ids) {
        return ids.stream().sorted().toList();
    }

    @Override
    public String toString() {
        return "ConfigChange" + parts() + (needsRestart.isEmpty() ? "" : " needsRestart" + needsRestart);
    }
}
