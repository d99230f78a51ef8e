package org.camgate.sim.sensor;

import java.time.Duration;

/** A built-in scripted scenario: its name, sensor type, frame period and length; subclasses draw the frames. */
abstract class BuiltInScenario implements SensorScenario {
    private final String name;
    private final SensorKind kind;
    private final Duration period;
    private final int frames;

    BuiltInScenario(String name, SensorKind kind, long periodMillis, int frames) {
        this.name = name;
        this.kind = kind;
        this.period = Duration.ofMillis(periodMillis);
        this.frames = frames;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SensorKind kind() {
        return kind;
    }

    @Override
    public final Duration period() {
        return period;
    }

    @Override
    public final int frames() {
        return frames;
    }
}
