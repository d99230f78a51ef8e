package org.camgate.sim.site;

/**
 * A fire starting at {@code start} seconds at {@code (x, y)}: its surface warms from {@code startCelsius} by
 * {@code risePerSecond} up to {@code maxCelsius}, over a disc whose radius grows from 0.2 m to {@code radius}.
 */
public record Fire(double start, double x, double y, double startCelsius, double risePerSecond, double maxCelsius,
                   double radius) {
    public Fire {
        if (!(risePerSecond > 0) || !(maxCelsius > startCelsius) || !(radius > 0)) {
            throw new IllegalArgumentException("fire: rise > 0, max above start and radius > 0 expected");
        }
    }

    /** Its temperature at {@code t}, or NaN before it starts. */
    public double celsiusAt(double t) {
        return t < start ? Double.NaN : Math.min(maxCelsius, startCelsius + (t - start) * risePerSecond);
    }

    /** Its radius in metres at {@code t} (grows with the temperature). */
    public double radiusAt(double t) {
        if (t < start) {
            return 0;
        }
        double progress = (celsiusAt(t) - startCelsius) / (maxCelsius - startCelsius);
        return 0.2 + progress * (radius - 0.2);
    }
}
