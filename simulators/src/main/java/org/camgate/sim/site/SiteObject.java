package org.camgate.sim.site;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that moves through the site: a person or a car following waypoints (linear between them), present
 * from its first waypoint to its last. Positions are site coordinates in metres.
 */
public record SiteObject(String id, Kind kind, List<Waypoint> path) {
    /** What it is, how large it looks (metres, seen from above) and how warm it is (degrees Celsius). */
    public enum Kind {
        PERSON(0.6, 0.6, 1.7, 34.0), CAR(4.5, 1.8, 1.5, 45.0);

        final double length;
        final double width;
        final double height;
        final double surfaceCelsius;

        Kind(double length, double width, double height, double surfaceCelsius) {
            this.length = length;
            this.width = width;
            this.height = height;
            this.surfaceCelsius = surfaceCelsius;
        }

        /** The class name radar trackers report. */
        public String radarClass() {
            return this == PERSON ? "person" : "vehicle";
        }
    }

    /** At {@code t} seconds the object is at {@code (x, y)}. */
    public record Waypoint(double t, double x, double y) {
    }

    /** Where it is and how fast it moves, at one moment. */
    public record State(SiteObject object, double x, double y, double vx, double vy) {
    }

    public SiteObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        path = List.copyOf(path);
        if (path.size() < 2) {
            throw new IllegalArgumentException("path: " + path.size() + " waypoint(s) (expected: at least 2)");
        }
        for (int i = 1; i < path.size(); i++) {
            if (!(path.get(i).t() > path.get(i - 1).t())) {
                throw new IllegalArgumentException("path: waypoint times must increase (" + path.get(i - 1).t()
                        + "s then " + path.get(i).t() + "s)");
            }
        }
    }

    /** Its position and velocity at {@code t}, or empty before its first and after its last waypoint. */
    public Optional<State> at(double t) {
        if (t < path.get(0).t() || t > path.get(path.size() - 1).t()) {
            return Optional.empty();
        }
        for (int i = 1; i < path.size(); i++) {
            Waypoint a = path.get(i - 1);
            Waypoint b = path.get(i);
            if (t <= b.t()) {
                double span = b.t() - a.t();
                double f = (t - a.t()) / span;
                double vx = (b.x() - a.x()) / span;
                double vy = (b.y() - a.y()) / span;
                return Optional.of(new State(this, a.x() + f * (b.x() - a.x()), a.y() + f * (b.y() - a.y()), vx, vy));
            }
        }
        return Optional.empty();
    }
}
