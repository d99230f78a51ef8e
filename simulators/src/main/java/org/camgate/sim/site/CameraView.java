package org.camgate.sim.site;

/**
 * The part of the site a simulated camera sees, looking straight down: site {@code x} from {@code x0} to
 * {@code x1} runs left to right across the picture, site {@code y} from {@code y0} to {@code y1} top to bottom.
 */
public record CameraView(double x0, double y0, double x1, double y1) {
    public CameraView {
        if (!(x1 > x0) || !(y1 > y0)) {
            throw new IllegalArgumentException("view: x1 must exceed x0 and y1 exceed y0");
        }
    }

    /** Horizontal pixel of site x in a picture {@code width} wide (may fall outside). */
    int column(double x, int width) {
        return (int) Math.round((x - x0) / (x1 - x0) * width);
    }

    /** Vertical pixel of site y in a picture {@code height} high (may fall outside). */
    int row(double y, int height) {
        return (int) Math.round((y - y0) / (y1 - y0) * height);
    }

    /** Pixels that {@code metres} of site x span in a picture {@code width} wide. */
    double pixelsX(double metres, int width) {
        return metres / (x1 - x0) * width;
    }

    double pixelsY(double metres, int height) {
        return metres / (y1 - y0) * height;
    }

    boolean contains(double x, double y) {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }
}
