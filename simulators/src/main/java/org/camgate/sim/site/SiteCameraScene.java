package org.camgate.sim.site;

import java.util.Arrays;
import java.util.Random;
import org.camgate.sim.camera.CameraScene;
import org.camgate.sim.camera.FramePainter;

/**
 * What one simulated camera of a site shows: the ground it looks down on (a fixed textured background), the
 * objects and fires of the site's timeline inside its view as bright shapes, and its own lighting changes and
 * noise. Encoded once for the whole timeline.
 */
public final class SiteCameraScene implements CameraScene {
    /** Smallest drawn object, in pixels, so a person far away is still something a motion detector can see. */
    private static final int MIN_SIZE = 24;

    private final String camera;
    private final CameraView view;
    private final SiteTimeline timeline;
    private final double seconds;
    private final boolean loops;

    public SiteCameraScene(String camera, CameraView view, SiteTimeline timeline, double seconds, boolean loops) {
        this.camera = camera;
        this.view = view;
        this.timeline = timeline;
        this.seconds = seconds;
        this.loops = loops;
    }

    @Override
    public double seconds() {
        return seconds;
    }

    @Override
    public boolean loops() {
        return loops;
    }

    /** True while an object or a fire is inside the view. */
    @Override
    public boolean motionAt(double t) {
        double local = loops ? t % seconds : t;
        if (local < 0 || local > seconds) {
            return false;
        }
        for (SiteObject.State s : timeline.objectsAt(local)) {
            if (view.contains(s.x(), s.y())) {
                return true;
            }
        }
        return timeline.fires().stream().anyMatch(f -> f.radiusAt(local) > 0 && view.contains(f.x(), f.y()));
    }

    @Override
    public FramePainter painter(int width, int height, int fps) {
        byte[] background = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int tiles = ((x * 10 / width + y * 6 / height) & 1) * 16;
                background[y * width + x] = (byte) (60 + y * 40 / height + tiles);
            }
        }
        Random random = new Random(camera.hashCode());
        return (frame, luma, cb, cr) -> {
            double t = (double) frame / fps;
            int delta = timeline.brightnessAt(camera, t);
            int noise = timeline.noiseAt(camera, t);
            for (int i = 0; i < luma.length; i++) {
                int v = (background[i] & 0xff) + delta + (noise > 0 ? random.nextInt(2 * noise + 1) - noise : 0);
                luma[i] = (byte) Math.max(16, Math.min(235, v));
            }
            Arrays.fill(cb, (byte) 128);
            Arrays.fill(cr, (byte) 128);
            for (SiteObject.State s : timeline.objectsAt(t)) {
                SiteObject.Kind kind = s.object().kind();
                // Seen from above, a car lies along its direction of travel.
                boolean alongX = Math.abs(s.vx()) >= Math.abs(s.vy());
                double sizeX = alongX ? kind.length : kind.width;
                double sizeY = alongX ? kind.width : kind.length;
                fill(luma, width, height, view.column(s.x(), width), view.row(s.y(), height),
                        Math.max(MIN_SIZE, (int) view.pixelsX(sizeX, width)),
                        Math.max(MIN_SIZE, (int) view.pixelsY(sizeY, height)), kind == SiteObject.Kind.PERSON ? 230 : 200);
            }
            for (Fire f : timeline.fires()) {
                double r = f.radiusAt(t);
                if (r > 0) {
                    int flicker = 215 + random.nextInt(21);
                    int size = Math.max(MIN_SIZE, (int) view.pixelsX(2 * r, width));
                    fill(luma, width, height, view.column(f.x(), width), view.row(f.y(), height), size, size, flicker);
                }
            }
        };
    }

    private static void fill(byte[] luma, int width, int height, int cx, int cy, int w, int h, int value) {
        for (int y = Math.max(0, cy - h / 2); y < Math.min(height, cy + (h + 1) / 2); y++) {
            for (int x = Math.max(0, cx - w / 2); x < Math.min(width, cx + (w + 1) / 2); x++) {
                luma[y * width + x] = (byte) value;
            }
        }
    }
}
