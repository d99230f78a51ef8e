package org.camgate.sensor.common;

import java.util.List;

/** A simple polygon with a bounding-box pre-check; {@link #contains} is the even-odd rule. */
public final class Polygon {
    private final double[] xs;
    private final double[] ys;
    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;

    public Polygon(List<Point2> points) {
        int n = points.size();
        if (n < 3) {
            throw new IllegalArgumentException("points: " + n + " (expected: >= 3)");
        }
        xs = new double[n];
        ys = new double[n];
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            xs[i] = points.get(i).x();
            ys[i] = points.get(i).y();
            x0 = Math.min(x0, xs[i]);
            y0 = Math.min(y0, ys[i]);
            x1 = Math.max(x1, xs[i]);
            y1 = Math.max(y1, ys[i]);
        }
        minX = x0;
        minY = y0;
        maxX = x1;
        maxY = y1;
    }

    public boolean contains(double x, double y) {
        if (x < minX || x > maxX || y < minY || y > maxY) {
            return false;
        }
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                inside = !inside;
            }
        }
        return inside;
    }

    public double minX() {
        return minX;
    }

    public double minY() {
        return minY;
    }

    public double maxX() {
        return maxX;
    }

    public double maxY() {
        return maxY;
    }
}
