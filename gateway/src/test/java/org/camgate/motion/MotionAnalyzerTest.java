package org.camgate.motion;

import org.camgate.config.MotionConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysis on synthetic grey pictures (178x100, what a 16:9 camera scales to): fast and exact. */
class MotionAnalyzerTest {
    private static final int W = 178;
    private static final int H = 100;
    private final Random random = new Random(42);

    private static MotionConfig config(List<MotionConfig.Polygon> zones, List<MotionConfig.Polygon> masks) {
        return new MotionConfig(5, false, Optional.empty(), 25, 0.005, zones, masks, 2, 10, H);
    }

    private static MotionConfig.Polygon rect(double x0, double y0, double x1, double y1) {
        return new MotionConfig.Polygon(List.of(new double[] {x0, y0}, new double[] {x1, y0}, new double[] {x1, y1},
                new double[] {x0, y1}));
    }

    /** A grey gradient scene with sensor noise of +-noise levels, and optionally a bright 20x20 object at (ox, oy). */
    private byte[] picture(int brightness, int noise, int ox, int oy) {
        byte[] p = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = 60 + x / 3 + y / 4 + brightness + (noise > 0 ? random.nextInt(2 * noise + 1) - noise : 0);
                if (ox >= 0 && x >= ox && x < ox + 20 && y >= oy && y < oy + 20) {
                    v = 220;
                }
                p[y * W + x] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return p;
    }

    private double[] run(MotionAnalyzer a, int frames, java.util.function.IntFunction<byte[]> scene) {
        double[] scores = new double[frames];
        for (int i = 0; i < frames; i++) {
            scores[i] = a.analyse(scene.apply(i));
        }
        return scores;
    }

    @Test
    void aStillNoisySceneHasNoMotion() {
        MotionAnalyzer a = new MotionAnalyzer(W, H, config(List.of(), List.of()));
        assertThat(run(a, 50, i -> picture(0, 8, -1, 0))).containsOnly(0.0);
    }

    @Test
    void aMovingObjectIsMotion() {
        MotionAnalyzer a = new MotionAnalyzer(W, H, config(List.of(), List.of()));
        run(a, 10, i -> picture(0, 4, -1, 0));
        double[] scores = run(a, 10, i -> picture(0, 4, 10 + 8 * i, 40));
        assertThat(java.util.Arrays.stream(scores).min().orElseThrow()).isGreaterThan(0.02);
    }

    @Test
    void anObjectSmallerThanMinAreaIsNot() {
        MotionAnalyzer a = new MotionAnalyzer(W, H, new MotionConfig(5, false, Optional.empty(), 25, 0.05, List.of(),
                List.of(), 2, 10, H));
        run(a, 10, i -> picture(0, 4, -1, 0));
        assertThat(run(a, 10, i -> picture(0, 4, 10 + 8 * i, 40))).containsOnly(0.0);
    }

    @Test
    void aBrightnessJumpRecalibratesInsteadOfCounting() {
        MotionAnalyzer a = new MotionAnalyzer(W, H, config(List.of(), List.of()));
        run(a, 10, i -> picture(0, 4, -1, 0));
        assertThat(run(a, 20, i -> picture(40, 4, -1, 0))).containsOnly(0.0);
        assertThat(a.recalibrations()).isEqualTo(1);
        assertThat(run(a, 20, i -> picture(-30, 4, -1, 0))).as("lights off again").containsOnly(0.0);
    }

    @Test
    void motionInsideAMaskDoesNotCount() {
        MotionAnalyzer a = new MotionAnalyzer(W, H, config(List.of(), List.of(rect(0, 0.3, 1, 0.7))));
        run(a, 10, i -> picture(0, 4, -1, 0));
        assertThat(run(a, 10, i -> picture(0, 4, 10 + 8 * i, 40))).as("object rows 40-59 of 100: masked").containsOnly(0.0);
    }

    @Test
    void onlyMotionInsideAZoneCounts() {
        MotionAnalyzer outside = new MotionAnalyzer(W, H, config(List.of(rect(0, 0, 1, 0.3)), List.of()));
        run(outside, 10, i -> picture(0, 4, -1, 0));
        assertThat(run(outside, 10, i -> picture(0, 4, 10 + 8 * i, 40))).containsOnly(0.0);
        MotionAnalyzer inside = new MotionAnalyzer(W, H, config(List.of(rect(0, 0.3, 1, 0.7)), List.of()));
        run(inside, 10, i -> picture(0, 4, -1, 0));
        assertThat(java.util.Arrays.stream(run(inside, 10, i -> picture(0, 4, 10 + 8 * i, 40))).min().orElseThrow()).isGreaterThan(0.02);
    }

    @Test
    void blockyCompressionArtefactsStayUnderTheThreshold() {
        MotionAnalyzer a = new MotionAnalyzer(W, H, config(List.of(), List.of()));
        run(a, 5, i -> picture(0, 0, -1, 0));
        double[] scores = run(a, 30, i -> {
            byte[] p = picture(0, 0, -1, 0);
            for (int by = 0; by < H; by += 8) {
                for (int bx = 0; bx < W; bx += 8) {
                    int shift = random.nextInt(21) - 10;
                    for (int y = by; y < Math.min(H, by + 8); y++) {
                        for (int x = bx; x < Math.min(W, bx + 8); x++) {
                            p[y * W + x] = (byte) ((p[y * W + x] & 0xff) + shift);
                        }
                    }
                }
            }
            return p;
        });
        assertThat(scores).containsOnly(0.0);
    }

    @Test
    void rainLikeFlickerDoesNotHoldMotionForever() {
        MotionAnalyzer a = new MotionAnalyzer(W, H, config(List.of(), List.of()));
        MotionHysteresis h = new MotionHysteresis(2, 10);
        run(a, 10, i -> picture(0, 4, -1, 0));
        // Every picture, 15% of the pixels flash up to 120 levels brighter (drops), in 2x2 streaks.
        int quietFrom = -1;
        for (int i = 0; i < 150; i++) {
            byte[] p = picture(0, 4, -1, 0);
            for (int k = 0; k < W * H * 15 / 100 / 4; k++) {
                int x = random.nextInt(W - 1);
                int y = random.nextInt(H - 1);
                int v = Math.min(255, (p[y * W + x] & 0xff) + 60 + random.nextInt(60));
                p[y * W + x] = p[y * W + x + 1] = p[(y + 1) * W + x] = p[(y + 1) * W + x + 1] = (byte) v;
            }
            h.next(a.analyse(p) > 0);
            if (!h.active() && quietFrom < 0 && i > 10) {
                quietFrom = i;
            }
        }
        assertThat(h.active()).as("after 30 s of rain").isFalse();
        assertThat(quietFrom).as("motion ended within 20 s (100 pictures at 5 fps)").isBetween(0, 100);
    }

    @Test
    void hysteresisNeedsRunsToStartAndToEnd() {
        MotionHysteresis h = new MotionHysteresis(2, 3);
        assertThat(h.next(true)).isEqualTo(MotionHysteresis.Change.NONE);
        assertThat(h.next(false)).isEqualTo(MotionHysteresis.Change.NONE);
        assertThat(h.next(true)).isEqualTo(MotionHysteresis.Change.NONE);
        assertThat(h.next(true)).isEqualTo(MotionHysteresis.Change.START);
        assertThat(h.next(false)).isEqualTo(MotionHysteresis.Change.NONE);
        assertThat(h.next(false)).isEqualTo(MotionHysteresis.Change.NONE);
        assertThat(h.next(true)).isEqualTo(MotionHysteresis.Change.NONE);
        assertThat(h.next(false)).isEqualTo(MotionHysteresis.Change.NONE);
        assertThat(h.next(false)).isEqualTo(MotionHysteresis.Change.NONE);
        assertThat(h.next(false)).isEqualTo(MotionHysteresis.Change.END);
    }

    @Test
    void polygonsUseNormalisedCoordinates() {
        MotionConfig.Polygon triangle = new MotionConfig.Polygon(List.of(new double[] {0, 0}, new double[] {1, 0},
                new double[] {0, 1}));
        assertThat(triangle.contains(0.2, 0.2)).isTrue();
        assertThat(triangle.contains(0.8, 0.8)).isFalse();
    }

    @Test
    void separableBlurAndDilationEqualTheirPlainThreeByThreeForms() {
        for (int[] size : new int[][] {{1, 1}, {1, 5}, {5, 1}, {2, 2}, {3, 7}, {178, 100}}) {
            int w = size[0];
            int h = size[1];
            byte[] luma = new byte[w * h];
            random.nextBytes(luma);
            boolean[] changed = new boolean[w * h];
            for (int i = 0; i < changed.length; i++) {
                changed[i] = random.nextInt(7) == 0;
            }
            int[] blurred = new int[w * h];
            MotionAnalyzer.blur(luma, w, h, new int[w * h], blurred);
            boolean[] dilated = new boolean[w * h];
            MotionAnalyzer.dilate(changed, w, h, new boolean[w * h], dilated);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sum = 0;
                    int count = 0;
                    boolean any = false;
                    for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                        for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                            sum += luma[yy * w + xx] & 0xff;
                            count++;
                            any |= changed[yy * w + xx];
                        }
                    }
                    assertThat(blurred[y * w + x]).as("blur at %d,%d of %dx%d", x, y, w, h).isEqualTo(sum / count);
                    assertThat(dilated[y * w + x]).as("dilation at %d,%d of %dx%d", x, y, w, h).isEqualTo(any);
                }
            }
        }
    }
}
