package org.camgate.motion;

import org.camgate.config.MotionConfig;

/**
 * Motion in a stream of small grey pictures (the luma plane scaled down to about 100 pixels high), without any
 * hysteresis: for each picture, the share of the analysed area covered by changed regions of at least
 * {@code minArea}. Works against a running-average background:
 * <ol>
 *   <li>a 3x3 box blur takes out pixel noise;</li>
 *   <li>a global brightness change (mean level moves by more than {@link #BRIGHTNESS_JUMP}, as when IR switches or
 *   lights go on) or a change over most of the picture recalibrates the background instead of counting;</li>
 *   <li>a pixel has changed when it differs from the background by more than {@code threshold} and by more than
 *   {@link #NOISE_FACTOR} times its own running deviation, so pixels that keep flickering (rain, leaves,
 *   compression artefacts) raise their own bar within seconds instead of holding the gate open;</li>
 *   <li>changed pixels are dilated once (3x3) so an object's parts join, then grouped into 8-connected regions;
 *   regions smaller than {@code minArea}, and pixels outside the zones or inside masks, do not count.</li>
 * </ol>
 * Not thread-safe: one per camera, fed by one thread at a time.
 */
public final class MotionAnalyzer {
    static final double BRIGHTNESS_JUMP = 18;
    static final double GLOBAL_CHANGE = 0.6;
    static final float NOISE_FACTOR = 3.5f;
    private static final float BACKGROUND_RATE = 0.05f;
    private static final float DEVIATION_RATE = 0.05f;

    private final int width;
    private final int height;
    private final int threshold;
    private final int minPixels;
    private final boolean[] counted;
    private final int countedPixels;
    private final float[] background;
    private final float[] deviation;
    private final int[] blurred;
    private final boolean[] changed;
    private final boolean[] dilated;
    private final int[] stack;
    private final boolean[] seen;
    private boolean calibrated;
    private long recalibrations;

    public MotionAnalyzer(int width, int height, MotionConfig config) {
        this.width = width;
        this.height = height;
        this.threshold = config.threshold();
        int n = width * height;
        this.counted = new boolean[n];
        int c = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double nx = (x + 0.5) / width;
                double ny = (y + 0.5) / height;
                boolean inZone = config.zones().isEmpty() || config.zones().stream().anyMatch(p -> p.contains(nx, ny));
                boolean masked = config.masks().stream().anyMatch(p -> p.contains(nx, ny));
                counted[y * width + x] = inZone && !masked;
                c += counted[y * width + x] ? 1 : 0;
            }
        }
        this.countedPixels = c;
        this.minPixels = Math.max(1, (int) Math.ceil(config.minArea() * n));
        this.background = new float[n];
        this.deviation = new float[n];
        this.blurred = new int[n];
        this.changed = new boolean[n];
        this.dilated = new boolean[n];
        this.stack = new int[n];
        this.seen = new boolean[n];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** How often a global change reset the background. */
    public long recalibrations() {
        return recalibrations;
    }

    /**
     * Analyses one picture ({@code width * height} grey levels, row by row) and returns the share (0-1) of the
     * counted area covered by changed regions of at least the minimum size; 0 while (re)calibrating.
     */
    public double analyse(byte[] luma) {
        if (luma.length < width * height) {
            throw new IllegalArgumentException("picture: " + luma.length + " bytes (expected: " + width * height + ")");
        }
        blur(luma);
        int n = width * height;
        if (!calibrated) {
            for (int i = 0; i < n; i++) {
                background[i] = blurred[i];
                deviation[i] = 0;
            }
            calibrated = true;
            return 0;
        }
        double meanNow = 0;
        double meanBg = 0;
        for (int i = 0; i < n; i++) {
            meanNow += blurred[i];
            meanBg += background[i];
        }
        meanNow /= n;
        meanBg /= n;
        if (Math.abs(meanNow - meanBg) > BRIGHTNESS_JUMP) {
            recalibrate();
            return 0;
        }
        int changedCount = 0;
        for (int i = 0; i < n; i++) {
            float d = Math.abs(blurred[i] - background[i]);
            boolean c = d > threshold && d > NOISE_FACTOR * deviation[i];
            changed[i] = c;
            changedCount += c ? 1 : 0;
            deviation[i] += DEVIATION_RATE * (d - deviation[i]);
            background[i] += BACKGROUND_RATE * (blurred[i] - background[i]);
        }
        if (changedCount > GLOBAL_CHANGE * n) {
            recalibrate();
            return 0;
        }
        dilate();
        return (double) regions() / Math.max(1, countedPixels);
    }

    private void recalibrate() {
        recalibrations++;
        for (int i = 0; i < background.length; i++) {
            background[i] = blurred[i];
        }
    }

    private void blur(byte[] luma) {
        for (int y = 0; y < height; y++) {
            int y0 = Math.max(0, y - 1);
            int y1 = Math.min(height - 1, y + 1);
            for (int x = 0; x < width; x++) {
                int x0 = Math.max(0, x - 1);
                int x1 = Math.min(width - 1, x + 1);
                int sum = 0;
                int count = 0;
                for (int yy = y0; yy <= y1; yy++) {
                    int row = yy * width;
                    for (int xx = x0; xx <= x1; xx++) {
                        sum += luma[row + xx] & 0xff;
                        count++;
                    }
                }
                blurred[y * width + x] = sum / count;
            }
        }
    }

    private void dilate() {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean any = false;
                for (int yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1) && !any; yy++) {
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
                        if (changed[yy * width + xx]) {
                            any = true;
                            break;
                        }
                    }
                }
                dilated[y * width + x] = any;
            }
        }
    }

    /** Counted pixels in 8-connected changed regions of at least {@code minPixels} (counted pixels). */
    private int regions() {
        java.util.Arrays.fill(seen, false);
        int total = 0;
        for (int start = 0; start < dilated.length; start++) {
            if (!dilated[start] || seen[start] || !counted[start]) {
                continue;
            }
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            int size = 0;
            while (top > 0) {
                int p = stack[--top];
                size++;
                int px = p % width;
                int py = p / width;
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = py + dy;
                    if (ny < 0 || ny >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        int q = ny * width + nx;
                        if (nx >= 0 && nx < width && dilated[q] && counted[q] && !seen[q]) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (size >= minPixels) {
                total += size;
            }
        }
        return total;
    }
}
