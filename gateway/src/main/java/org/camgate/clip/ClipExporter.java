package org.camgate.clip;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.camgate.config.CameraConfig;
import org.camgate.config.MotionConfig;

/**
 * Re-encodes clips for release (a data-subject or police request): each picture decoded, faces pixelated when asked
 * ({@link FaceBlur}), the mask polygons filled black, the export id and the picture's time burnt into the top-left corner, then encoded to H.264 with openh264
 * (JavaCV's LGPL FFmpeg build). Clips of one export are joined in order. Decrypted input only ever lives in a
 * private work directory for the time of the export.
 */
public final class ClipExporter {
    /** A polygon, coordinates 0..1 of the picture: x1, y1, x2, y2, ... (at least three points). */
    public record Mask(double[] xy) {
        public Mask {
            if (xy.length < 6 || xy.length % 2 != 0) {
                throw new IllegalArgumentException("a mask needs at least 3 points x,y (got " + xy.length + " numbers)");
            }
            for (double v : xy) {
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("mask coordinate " + v + " (expected: 0..1 of the picture)");
                }
            }
        }

        public static Mask parse(String text) {
            String[] parts = text.split(",");
            double[] xy = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    xy[i] = Double.parseDouble(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("mask \"" + text + "\": \"" + parts[i] + "\" is not a number");
                }
            }
            return new Mask(xy);
        }

        /** A camera's configured privacy masks ({@code motion.masks}): always filled in an export. */
        public static List<Mask> privacyMasks(CameraConfig camera) {
            List<Mask> out = new ArrayList<>();
            for (MotionConfig.Polygon p : camera.motion().map(MotionConfig::masks).orElse(List.of())) {
                double[] xy = new double[p.points().size() * 2];
                for (int i = 0; i < p.points().size(); i++) {
                    xy[2 * i] = p.points().get(i)[0];
                    xy[2 * i + 1] = p.points().get(i)[1];
                }
                out.add(new Mask(xy));
            }
            return out;
        }
    }

    /** What an export produced; {@code faces}: the faces found over all pictures (0 without face blurring). */
    public record Result(int pictures, double seconds, int width, int height, int faces) {
    }

    private final ClipStore store;

    /** A fresh export id (8 hex digits), shown in the picture and kept in the audit log. */
    public static String newId() {
        return java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(4)
                .putInt(new java.security.SecureRandom().nextInt()).array());
    }

    public ClipExporter(ClipStore store) {
        this.store = store;
    }

    /**
     * Writes {@code clips}, joined, to {@code out} with {@code masks} filled and, with {@code blurFaces}, every face
     * OpenCV's cascade finds pixelated ({@link FaceBlur}).
     */
    public Result export(List<ClipMeta> clips, List<Mask> masks, boolean blurFaces, String exportId, Path out)
            throws IOException {
        if (clips.isEmpty()) {
            throw new IOException("no clip to export");
        }
        try (FaceBlur faces = blurFaces ? FaceBlur.load() : null) {
            return export(clips, masks, faces, exportId, out);
        }
    }

    private Result export(List<ClipMeta> clips, List<Mask> masks, FaceBlur faces, String exportId, Path out)
            throws IOException {
        Path work = Files.createTempDirectory("camgate-export-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        FFmpegFrameRecorder recorder = null;
        int pictures = 0;
        double seconds = 0;
        int width = 0;
        int height = 0;
        int faceCount = 0;
        try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
            long offsetMicros = 0;
            YuvPainter yuv = null;
            for (ClipMeta clip : clips) {
                Path plain = work.resolve(clip.id() + ".mp4");
                decrypt(clip, plain);
                try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(plain.toFile())) {
                    grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                    grabber.start();
                    if (recorder == null) {
                        width = grabber.getImageWidth();
                        height = grabber.getImageHeight();
                        recorder = new FFmpegFrameRecorder(out.toFile(), width, height, 0);
                        recorder.setFormat("mp4");
                        recorder.setVideoCodecName("libopenh264");
                        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                        recorder.setFrameRate(grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25);
                        recorder.setVideoBitrate(Math.max(500_000, width * height * 4));
                        recorder.setGopSize(50);
                        recorder.start();
                    }
                    Frame frame;
                    long last = 0;
                    while ((frame = grabber.grabImage()) != null) {
                        Instant at = clip.start().plusNanos(frame.timestamp * 1000);
                        recorder.setTimestamp(offsetMicros + frame.timestamp);
                        if (yuv == null || !yuv.fits(frame)) {
                            yuv = YuvPainter.of(frame, masks);
                        }
                        if (faces != null) {
                            if (yuv == null) {
                                throw new IOException("faces can only be blurred in YUV 4:2:0 pictures (this clip's "
                                        + "decoder gave another layout)");
                            }
                            faceCount += faces.blur(frame).size();
                        }
                        if (yuv != null) {
                            // The decoder's own planes: masks and label written in place, no RGB round trip.
                            yuv.paint(frame, "export " + exportId + "  " + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
                            recorder.record(frame, avutil.AV_PIX_FMT_YUV420P);
                        } else {
                            BufferedImage image = copy(converter.convert(frame));
                            paint(image, masks, exportId, at);
                            recorder.record(converter.convert(image));
                        }
                        last = frame.timestamp;
                        pictures++;
                    }
                    double frameMicros = 1e6 / (grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25);
                    offsetMicros += last + (long) frameMicros;
                    seconds = offsetMicros / 1e6;
                    grabber.stop();
                } finally {
                    Files.deleteIfExists(plain);
                }
            }
            recorder.stop();
            recorder.release();
            recorder = null;
        } catch (FFmpegFrameGrabber.Exception | FFmpegFrameRecorder.Exception e) {
            throw new IOException("export failed: " + e.getMessage(), e);
        } finally {
            if (recorder != null) {
                try {
                    recorder.release();
                } catch (FFmpegFrameRecorder.Exception ignored) {
                    // failing already
                }
            }
            Files.deleteIfExists(work);
        }
        return new Result(pictures, seconds, width, height, faceCount);
    }

    private void decrypt(ClipMeta clip, Path to) throws IOException {
        try (ClipReader reader = store.reader(clip, false);
             OutputStream out = Files.newOutputStream(to)) {
            long at = 0;
            while (at < reader.length()) {
                int n = (int) Math.min(1 << 20, reader.length() - at);
                out.write(reader.read(at, n));
                at += n;
            }
        }
    }

    private static BufferedImage copy(BufferedImage source) {
        BufferedImage image = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return image;
    }

    /** Fills the masks and burns the export id and time into the top-left corner. */
    static void paint(BufferedImage image, List<Mask> masks, String exportId, Instant at) {
        int w = image.getWidth();
        int h = image.getHeight();
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.BLACK);
            for (Mask m : masks) {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(m.xy()[0] * w, m.xy()[1] * h);
                for (int i = 2; i < m.xy().length; i += 2) {
                    p.lineTo(m.xy()[i] * w, m.xy()[i + 1] * h);
                }
                p.closePath();
                g.fill(p);
                g.setStroke(new BasicStroke(2f)); // covers the edge pixels the fill leaves half-covered
                g.draw(p);
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int size = Math.max(10, h / 30);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, size));
            String text = "export " + exportId + "  " + at.toString();
            int tw = g.getFontMetrics().stringWidth(text);
            g.setColor(new Color(0, 0, 0, 160));
            g.fillRect(0, 0, Math.min(w, tw + size), size + size / 2);
            g.setColor(Color.WHITE);
            g.drawString(text, size / 2, size);
        } finally {
            g.dispose();
        }
    }
}
