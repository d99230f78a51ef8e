package org.camgate.clip;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds faces in an export's pictures with OpenCV's frontal face cascade (bundled in the OpenCV natives: nothing is
 * downloaded) and pixelates them in the decoded YUV 4:2:0 planes, coarsely enough that nobody is recognisable: each
 * face, widened by a margin, becomes {@value #BLOCKS_ACROSS} blocks across of its mean colour.
 *
 * <p>Detection runs on the luma plane scaled down to at most {@value #DETECT_WIDTH} pixels wide, every
 * {@value #DETECT_EVERY}nd picture (windows growing by {@value #SCALE_STEP} at a time), about 20 ms per detection on
 * one core. The faces of the last {@value #HOLD} detections are all pixelated in every picture, so a face stays
 * covered between detections and in those where the cascade misses it (turned, blurred by motion); the margin
 * covers how far it moves meanwhile. One instance per export: not thread-safe.
 */
final class FaceBlur implements AutoCloseable {
    /** Where JavaCPP's OpenCV natives keep the cascade (for the platform's folder, see {@link #cascadePath}). */
    private static final String CASCADE = "share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
    static final int DETECT_WIDTH = 640;
    static final int DETECT_EVERY = 2;
    static final double SCALE_STEP = 1.2;
    static final int BLOCKS_ACROSS = 5;
    static final int HOLD = 3;
    /** Each side of a detected face grows by this share of its size: hair, ears and chin are covered too. */
    private static final double MARGIN = 0.25;

    private final CascadeClassifier cascade;
    private final Mat small = new Mat();
    private final List<List<int[]>> recent = new ArrayList<>();
    private long pictures;

    private FaceBlur(CascadeClassifier cascade) {
        this.cascade = cascade;
    }

    /** Loads OpenCV and the cascade; an {@link IOException} saying what is missing when it cannot. */
    static FaceBlur load() throws IOException {
        try {
            File file = Loader.cacheResource(FaceBlur.class, cascadePath());
            if (file == null) {
                throw new IOException("OpenCV's face cascade " + cascadePath() + " is not in this build");
            }
            CascadeClassifier cascade = new CascadeClassifier(file.getAbsolutePath());
            if (cascade.empty()) {
                cascade.close();
                throw new IOException("OpenCV could not read its face cascade " + file);
            }
            return new FaceBlur(cascade);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException("face detection needs OpenCV's natives for " + Loader.getPlatform() + ": " + e.getMessage(), e);
        }
    }

    private static String cascadePath() {
        return "/org/bytedeco/opencv/" + Loader.getPlatform() + "/" + CASCADE;
    }

    /**
     * Pixelates the faces of {@code frame}, a contiguous YUV 4:2:0 picture ({@code stride} bytes per luma row, the
     * chroma planes after the luma plane); returns the faces found in this picture, as {x, y, width, height}
     * (none when this picture was not searched).
     */
    List<int[]> blur(Frame frame) {
        ByteBuffer buf = ((ByteBuffer) frame.image[0]).duplicate();
        buf.limit(buf.capacity());
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int stride = frame.imageStride;
        List<int[]> found = List.of();
        if (pictures++ % DETECT_EVERY == 0) {
            found = detect(buf, w, h, stride);
            recent.add(found);
            if (recent.size() > HOLD) {
                recent.remove(0);
            }
        }
        for (List<int[]> faces : recent) {
            for (int[] f : faces) {
                pixelate(buf, w, h, stride, f);
            }
        }
        return found;
    }

    private List<int[]> detect(ByteBuffer buf, int w, int h, int stride) {
        double scale = Math.min(1.0, (double) DETECT_WIDTH / w);
        List<int[]> faces = new ArrayList<>();
        try (BytePointer luma = new BytePointer(buf);
             Mat y = new Mat(h, w, CV_8UC1, luma, stride);
             RectVector rects = new RectVector();
             Size min = new Size(20, 20);
             Size max = new Size()) {
            // Into a picture of its own: the equalisation must not touch the export's picture.
            if (scale < 1.0) {
                try (Size to = new Size((int) Math.round(w * scale), (int) Math.round(h * scale))) {
                    resize(y, small, to, 0, 0, INTER_AREA);
                }
            } else {
                y.copyTo(small);
            }
            equalizeHist(small, small);
            cascade.detectMultiScale(small, rects, SCALE_STEP, 3, 0, min, max);
            for (long i = 0; i < rects.size(); i++) {
                Rect r = rects.get(i);
                int mx = (int) (r.width() * MARGIN);
                int my = (int) (r.height() * MARGIN);
                int x0 = Math.max(0, (int) ((r.x() - mx) / scale));
                int y0 = Math.max(0, (int) ((r.y() - my) / scale));
                int x1 = Math.min(w, (int) Math.ceil((r.x() + r.width() + mx) / scale));
                int y1 = Math.min(h, (int) Math.ceil((r.y() + r.height() + my) / scale));
                faces.add(new int[] {x0, y0, x1 - x0, y1 - y0});
            }
        }
        return faces;
    }

    /** Each block of the face becomes its mean, in the luma plane and both chroma planes. */
    private static void pixelate(ByteBuffer buf, int w, int h, int stride, int[] face) {
        int x0 = face[0] & ~1;
        int y0 = face[1] & ~1;
        int x1 = Math.min(w, face[0] + face[2]);
        int y1 = Math.min(h, face[1] + face[3]);
        int block = Math.max(8, ((x1 - x0) / BLOCKS_ACROSS + 1) & ~1);
        mosaic(buf, 0, stride, x0, y0, x1, y1, block);
        int cStride = stride / 2;
        int uAt = stride * h;
        int vAt = uAt + cStride * (h / 2);
        mosaic(buf, uAt, cStride, x0 / 2, y0 / 2, (x1 + 1) / 2, (y1 + 1) / 2, block / 2);
        mosaic(buf, vAt, cStride, x0 / 2, y0 / 2, (x1 + 1) / 2, (y1 + 1) / 2, block / 2);
    }

    private static void mosaic(ByteBuffer buf, int plane, int stride, int x0, int y0, int x1, int y1, int block) {
        for (int by = y0; by < y1; by += block) {
            int ey = Math.min(y1, by + block);
            for (int bx = x0; bx < x1; bx += block) {
                int ex = Math.min(x1, bx + block);
                long sum = 0;
                for (int y = by; y < ey; y++) {
                    for (int x = bx; x < ex; x++) {
                        sum += buf.get(plane + y * stride + x) & 0xff;
                    }
                }
                byte mean = (byte) (sum / ((long) (ey - by) * (ex - bx)));
                for (int y = by; y < ey; y++) {
                    for (int x = bx; x < ex; x++) {
                        buf.put(plane + y * stride + x, mean);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        small.close();
        cascade.close();
    }
}
