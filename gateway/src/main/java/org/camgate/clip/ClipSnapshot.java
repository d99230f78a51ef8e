package org.camgate.clip;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** A clip's first keyframe decoded (FFmpeg through JavaCV): its size, and the picture as JPEG. */
record ClipSnapshot(int width, int height, byte[] jpeg) {
    static ClipSnapshot decode(byte[] annexB, boolean h265) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(annexB), 0);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.setFormat(h265 ? "hevc" : "h264");
            grabber.start();
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null) {
                throw new IOException("no picture in the first keyframe");
            }
            BufferedImage image = converter.convert(frame);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IOException("no JPEG writer");
            }
            grabber.stop();
            return new ClipSnapshot(frame.imageWidth, frame.imageHeight, out.toByteArray());
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode the first keyframe: " + e.getMessage(), e);
        }
    }
}
