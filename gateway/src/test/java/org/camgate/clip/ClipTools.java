package org.camgate.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the clip tests use to fetch clips (curl with Digest) and to measure their pictures. */
final class ClipTools {
    private ClipTools() {
    }

    /** The luma of picture {@code index} (decoded with JavaCV), [x][y]. */
    static int[][] luma(Path file, int index) throws Exception {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile());
             org.bytedeco.javacv.Java2DFrameConverter c = new org.bytedeco.javacv.Java2DFrameConverter()) {
            g.start();
            org.bytedeco.javacv.Frame f = null;
            for (int i = 0; i <= index; i++) {
                f = g.grabImage();
            }
            java.awt.image.BufferedImage img = c.convert(f);
            int[][] y = new int[img.getWidth()][img.getHeight()];
            for (int i = 0; i < img.getWidth(); i++) {
                for (int j = 0; j < img.getHeight(); j++) {
                    int rgb = img.getRGB(i, j);
                    y[i][j] = (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
                }
            }
            g.stop();
            return y;
        }
    }

    static double mean(int[][] y, int x0, int y0, int x1, int y1) {
        long sum = 0;
        int n = 0;
        for (int i = x0; i < x1; i++) {
            for (int j = y0; j < y1; j++) {
                sum += y[i][j];
                n++;
            }
        }
        return (double) sum / n;
    }

    static double meanDiff(int[][] a, int[][] b, int x0, int y0, int x1, int y1) {
        long sum = 0;
        int n = 0;
        for (int i = x0; i < x1; i++) {
            for (int j = y0; j < y1; j++) {
                sum += Math.abs(a[i][j] - b[i][j]);
                n++;
            }
        }
        return (double) sum / n;
    }

    /** Mean absolute difference between horizontal neighbours: how much detail a region holds. */
    static double detail(int[][] y, int x0, int y0, int x1, int y1) {
        long sum = 0;
        int n = 0;
        for (int i = x0; i + 1 < x1; i++) {
            for (int j = y0; j < y1; j++) {
                sum += Math.abs(y[i + 1][j] - y[i][j]);
                n++;
            }
        }
        return (double) sum / n;
    }

    /** curl with Digest; returns the HTTP status. */
    static String curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--digest", "-w", "%{http_code}", "--max-time", "20"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new)).strip();
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
