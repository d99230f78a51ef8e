package org.camgate;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * How long the gateway took to start: from the JVM's launch to every listener serving, and what each listener's
 * start took, for one log line ({@code camgate ready in N ms (rtsp …, onvif …, status …, mqtt …)}). Steps may
 * overlap (the embedded MQTT broker starts in the background), so they can add up to more than the whole.
 */
final class StartupTimes {
    private final long startNanos = System.nanoTime();
    private final Map<String, Long> begun = new LinkedHashMap<>();
    private final Map<String, Long> millis = new LinkedHashMap<>();

    /** Runs one start step and notes how long it took under {@code name}. */
    void time(String name, Runnable step) {
        begin(name);
        step.run();
        end(name);
    }

    /** A step that runs in the background begins; {@link #end} notes how long it took until then. */
    void begin(String name) {
        begun.put(name, System.nanoTime());
    }

    void end(String name) {
        Long t = begun.get(name);
        if (t != null) {
            millis.put(name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
        }
    }

    /**
     * The line to log once everything serves: milliseconds since the JVM was launched (in a process that starts one
     * gateway, what a user waits), then the gateway's own start and each timed listener's share of it.
     */
    String ready() {
        long sinceLaunch = ManagementFactory.getRuntimeMXBean().getUptime();
        long start = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        StringJoiner parts = new StringJoiner(", ");
        for (String name : new String[] {"rtsp", "onvif", "status", "mqtt"}) {
            Long ms = millis.get(name);
            parts.add(name + " " + (ms == null ? "off" : ms + " ms"));
        }
        return "camgate ready in " + sinceLaunch + " ms (" + parts + "; gateway start " + start
                + " ms, JVM and configuration before it " + Math.max(0, sinceLaunch - start) + " ms)";
    }
}
