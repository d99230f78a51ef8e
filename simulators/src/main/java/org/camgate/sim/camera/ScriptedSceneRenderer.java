package org.camgate.sim.camera;

import java.util.Arrays;
import java.util.Random;

/** Draws a {@link ScriptedScene} frame by frame as YUV 4:2:0 planes (grey: chroma stays neutral). */
final class ScriptedSceneRenderer {
    private final ScriptedScene scene;
    private final int width;
    private final int height;
    private final int fps;
    private final byte[] background;
    private final Random random = new Random(7);
    /** Grain values, read from a random offset each frame (drawing millions of numbers per frame is slow). */
    private final byte[] grain;

    ScriptedSceneRenderer(ScriptedScene scene, int width, int height, int fps) {
        this.scene = scene;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.background = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int checker = ((x * 8 / width + y * 8 / height) & 1) * 20;
                background[y * width + x] = (byte) (70 + x * 50 / width + checker);
            }
        }
        this.grain = new byte[scene.grain() == 0 ? 0 : 2 * width * height];
        for (int i = 0; i < grain.length; i++) {
            grain[i] = (byte) (random.nextInt(2 * scene.grain() + 1) - scene.grain());
        }
    }

    void render(int frame, byte[] luma, byte[] cb, byte[] cr) {
        double t = (double) frame / fps;
        double[] start = new double[1];
        ScriptedScene.Segment segment = scene.at(t, start);
        int delta = scene.brightnessAt(t);
        int noise = segment.kind() == ScriptedScene.Kind.NOISE ? segment.value() : 0;
        int grainAt = grain.length == 0 ? 0 : random.nextInt(grain.length - luma.length);
        for (int i = 0; i < luma.length; i++) {
            int v = (background[i] & 0xff) + delta + (noise > 0 ? random.nextInt(2 * noise + 1) - noise : 0)
                    + (grain.length == 0 ? 0 : grain[grainAt + i]);
            luma[i] = (byte) Math.max(16, Math.min(235, v));
        }
        Arrays.fill(cb, (byte) 128);
        Arrays.fill(cr, (byte) 128);
        if (segment.kind() == ScriptedScene.Kind.OBJECT) {
            int block = Math.max(8, height / 4);
            double progress = (t - start[0]) / segment.seconds();
            int x0 = (int) (progress * (width + block)) - block;
            int y0 = segment.value() * height / 100 - block / 2;
            for (int y = Math.max(0, y0); y < Math.min(height, y0 + block); y++) {
                for (int x = Math.max(0, x0); x < Math.min(width, x0 + block); x++) {
                    luma[y * width + x] = (byte) 230;
                }
            }
        } else if (segment.kind() == ScriptedScene.Kind.FACE) {
            face(luma, width * 3 / 10, segment.value() * height / 100, height * 45 / 100);
        }
    }

    /**
     * A frontal face of height {@code size} centred at (cx, cy), in the light and dark regions a face cascade looks
     * for: a light oval, dark brows and eyes, a lighter nose, a dark mouth.
     */
    private void face(byte[] luma, int cx, int cy, int size) {
        double u = size / 190.0; // drawn on a 190-unit face
        ellipse(luma, cx, cy, 70 * u, 95 * u, 200);
        box(luma, cx - 52 * u, cy - 48 * u, cx - 14 * u, cy - 40 * u, 40);
        box(luma, cx + 14 * u, cy - 48 * u, cx + 52 * u, cy - 40 * u, 40);
        ellipse(luma, cx - 33 * u, cy - 25 * u, 16 * u, 9 * u, 30);
        ellipse(luma, cx + 33 * u, cy - 25 * u, 16 * u, 9 * u, 30);
        ellipse(luma, cx, cy + 15 * u, 10 * u, 6 * u, 140);
        ellipse(luma, cx, cy + 48 * u, 28 * u, 8 * u, 60);
    }

    private void ellipse(byte[] luma, double cx, double cy, double rx, double ry, int value) {
        for (int y = (int) Math.max(0, cy - ry); y <= Math.min(height - 1, cy + ry); y++) {
            for (int x = (int) Math.max(0, cx - rx); x <= Math.min(width - 1, cx + rx); x++) {
                double dx = (x - cx) / rx;
                double dy = (y - cy) / ry;
                if (dx * dx + dy * dy <= 1) {
                    luma[y * width + x] = (byte) value;
                }
            }
        }
    }

    private void box(byte[] luma, double x0, double y0, double x1, double y1, int value) {
        for (int y = (int) Math.max(0, y0); y < Math.min(height, y1); y++) {
            for (int x = (int) Math.max(0, x0); x < Math.min(width, x1); x++) {
                luma[y * width + x] = (byte) value;
            }
        }
    }
}
