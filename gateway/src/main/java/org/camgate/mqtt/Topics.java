package org.camgate.mqtt;

import java.util.Objects;
import org.camgate.event.Event;
import org.camgate.event.EventSource;

/**
 * The gateway's topic names under {@code {prefix}/{site}}:
 * <ul>
 *   <li>events: {@code {prefix}/{site}/{kind}/{id}/{event}} (QoS 1, not retained)</li>
 *   <li>state: {@code {prefix}/{site}/{kind}/{id}/state/{event}[/{zone}]} (retained: the last event of that kind
 *       for that source and zone)</li>
 *   <li>availability: {@code {prefix}/{site}/gateway/status} ({@code online} retained, {@code offline} as the will)</li>
 *   <li>commands in: {@code {prefix}/{site}/camera/{id}/command}</li>
 * </ul>
 */
public final class Topics {
    private final String base;

    public Topics(String prefix, String site) {
        Objects.requireNonNull(prefix, "prefix");
        this.base = prefix + "/" + level(site, "site");
    }

    public String event(Event e) {
        return source(e.source()) + "/" + level(e.event(), "event");
    }

    public String state(Event e) {
        String t = source(e.source()) + "/state/" + level(e.event(), "event");
        return e.zone() == null ? t : t + "/" + level(e.zone(), "zone");
    }

    public String status() {
        return base + "/gateway/status";
    }

    /** The subscription for every camera's command topic. */
    public String commandFilter() {
        return base + "/" + EventSource.CAMERA + "/+/command";
    }

    /** The camera id of a command topic, or null when {@code topic} is not one. */
    public String commandCamera(String topic) {
        String head = base + "/" + EventSource.CAMERA + "/";
        if (!topic.startsWith(head) || !topic.endsWith("/command")) {
            return null;
        }
        String id = topic.substring(head.length(), topic.length() - "/command".length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }

    private String source(EventSource s) {
        return base + "/" + level(s.kind(), "kind") + "/" + level(s.id(), "id");
    }

    /** One topic level: not empty, no separators or wildcards. */
    static String level(String v, String what) {
        if (v.isEmpty() || v.indexOf('/') >= 0 || v.indexOf('+') >= 0 || v.indexOf('#') >= 0 || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " \"" + v + "\" cannot be a topic level (expected no / + # and not empty)");
        }
        return v;
    }
}
