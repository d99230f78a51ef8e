package org.camgate.sim.camera;

/**
 * Draws a deterministic synthetic scene as YUV 4:2:0 planes: a textured background, a bright
 * block that crosses the picture once per loop, and a binary frame counter with a progress
 * bar along the top, so every frame differs from the previous one. Frame {@code loopFrames}
 * looks like frame 0, so the loop plays seamlessly.
 */
final class SceneRenderer {
    private final int width;
    private final int height;
    private final int loopFrames;
    private final byte[] backgroundLuma;

    SceneRenderer(int width, int height, int loopFrames) {
        this.width = width;
        this.height = height;
        this.loopFrames = loopFrames;
        this.backgroundLuma = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int checker = ((x / 32 + y / 32) & 1) * 24;
                int ripple = (int) (12 * Math.sin(x * 0.07) * Math.cos(y * 0.05));
                backgroundLuma[y * width + x] = (byte) (50 + x * 60 / width + checker + ripple);
            }
        }
    }

    /** Fills the planes (luma {@code width*height}, chroma a quarter each) for one frame. */
    void render(int frame, byte[] luma, byte[] cb, byte[] cr) {
        int f = Math.floorMod(frame, loopFrames);
        System.arraycopy(backgroundLuma, 0, luma, 0, luma.length);
        java.util.Arrays.fill(cb, (byte) 128);
        java.util.Arrays.fill(cr, (byte) 128);
        int block = Math.max(8, height / 4) & ~1;
        int travel = width + block;
        int x0 = f * travel / loopFrames - block;
        int y0 = (height - block) / 2 + (int) (height / 6 * Math.sin(2 * Math.PI * f / loopFrames)) & ~1;
        fill(luma, cb, cr, x0, y0, block, block, 225, 90, 200);
        int bit = Math.max(4, width / 40) & ~1;
        for (int i = 0; i < 8; i++) {
            boolean on = ((f >> i) & 1) != 0;
            fill(luma, cb, cr, bit + i * bit * 2, bit, bit, bit, on ? 235 : 20, 128, 128);
        }
        fill(luma, cb, cr, 0, height - bit, (f + 1) * width / loopFrames, bit, 200, 40, 110);
    }

    private void fill(byte[] luma, byte[] cb, byte[] cr, int x0, int y0, int w, int h, int yv, int u, int v) {
        int xs = Math.max(0, x0 & ~1);
        int ys = Math.max(0, y0 & ~1);
        int xe = Math.min(width, x0 + w);
        int ye = Math.min(height, y0 + h);
        for (int y = ys; y < ye; y++) {
            java.util.Arrays.fill(luma, y * width + xs, Math.max(y * width + xs, y * width + xe), (byte) yv);
        }
        int cw = width / 2;
        for (int y = ys / 2; y < (ye + 1) / 2; y++) {
            for (int x = xs / 2; x < (xe + 1) / 2; x++) {
                cb[y * cw + x] = (byte) u;
                cr[y * cw + x] = (byte) v;
            }
        }
    }
}
