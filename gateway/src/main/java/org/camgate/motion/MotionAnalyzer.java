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
    private final int[] rowSum;
    private final boolean[] rowAny;
    private final boolean[] changed;
    private final boolean[] dilated;
    private final int[] stack;
    private final boolean[] seen;
    private boolean calibrated;
    /** The sum of {@link #background}, kept as it is updated (summed in index order, as a fresh sum would be). */
    private double backgroundSum;
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
        this.rowSum = new int[n];
        this.rowAny = new boolean[n];
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
        long blurredSum = blur(luma);
        int n = width * height;
        if (!calibrated) {
            for (int i = 0; i < n; i++) {
                background[i] = blurred[i];
                deviation[i] = 0;
            }
            backgroundSum = blurredSum;
            calibrated = true;
            return 0;
        }
        double meanNow = (double) blurredSum / n;
        double meanBg = backgroundSum / n;
        if (Math.abs(meanNow - meanBg) > BRIGHTNESS_JUMP) {
            recalibrate(blurredSum);
            return 0;
        }
        int changedCount = 0;
        double nextBackgroundSum = 0;
        for (int i = 0; i < n; i++) {
            float d = Math.abs(blurred[i] - background[i]);
            boolean c = d > threshold && d > NOISE_FACTOR * deviation[i];
            changed[i] = c;
            changedCount += c ? 1 : 0;
            deviation[i] += DEVIATION_RATE * (d - deviation[i]);
            float b = background[i] + BACKGROUND_RATE * (blurred[i] - background[i]);
            background[i] = b;
            nextBackgroundSum += b;
        }
        backgroundSum = nextBackgroundSum;
        if (changedCount > GLOBAL_CHANGE * n) {
            recalibrate(blurredSum);
            return 0;
        }
        if (changedCount == 0) {
            // A still picture, the usual case: no regions to look for.
            return 0;
        }
        dilate();
        return (double) regions() / Math.max(1, countedPixels);
    }

    private void recalibrate(long blurredSum) {
        recalibrations++;
        for (int i = 0; i < background.length; i++) {
            background[i] = blurred[i];
        }
        backgroundSum = blurredSum;
    }

    /**
     * 3x3 box blur, the mean of the neighbours inside the picture; separable (row sums, then column sums) so each
     * pixel costs a few additions.
     */
    /** Blurs into {@link #blurred} and returns the sum of the blurred picture. */
    private long blur(byte[] luma) {
        blur(luma, width, height, rowSum, blurred);
        long sum = 0;
        for (int v : blurred) {
            sum += v;
        }
        return sum;
    }

    static void blur(byte[] luma, int width, int height, int[] rowSum, int[] blurred) {
        for (int y = 0; y < height; y++) {
            int row = y * width;
            if (width == 1) {
                rowSum[row] = luma[row] & 0xff;
                continue;
            }
            int left = luma[row] & 0xff;
            int here = luma[row + 1] & 0xff;
            rowSum[row] = left + here;
            for (int x = 1; x < width - 1; x++) {
                int right = luma[row + x + 1] & 0xff;
                rowSum[row + x] = left + here + right;
                left = here;
                here = right;
            }
            rowSum[row + width - 1] = left + here;
        }
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int up = y > 0 ? row - width : -1;
            int down = y < height - 1 ? row + width : -1;
            int rows = 1 + (up >= 0 ? 1 : 0) + (down >= 0 ? 1 : 0);
            for (int x = 0; x < width; x++) {
                int sum = rowSum[row + x] + (up >= 0 ? rowSum[up + x] : 0) + (down >= 0 ? rowSum[down + x] : 0);
                int columns = width == 1 ? 1 : (x == 0 || x == width - 1 ? 2 : 3);
                blurred[row + x] = sum / (rows * columns);
            }
        }
    }

    /** 3x3 dilation, separable: a pixel is set when any pixel of its row neighbourhood, then column, is. */
    private void dilate() {
        dilate(changed, width, height, rowAny, dilated);
    }

    static void dilate(boolean[] changed, int width, int height, boolean[] rowAny, boolean[] dilated) {
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int i = row + x;
                rowAny[i] = changed[i] || (x > 0 && changed[i - 1]) || (x < width - 1 && changed[i + 1]);
            }
        }
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int i = row + x;
                dilated[i] = rowAny[i] || (y > 0 && rowAny[i - width]) || (y < height - 1 && rowAny[i + width]);
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
