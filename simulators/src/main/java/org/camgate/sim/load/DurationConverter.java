package org.camgate.sim.load;

import java.time.Duration;
import org.camgate.common.units.Durations;
import picocli.CommandLine.ITypeConverter;

/** Reads durations on the command line as the configuration writes them: {@code 500ms 30s 5m 1h 2d}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
