package org.camgate.onvif.snapshot;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Decodes one H.264 keyframe (Annex B) with FFmpeg through JavaCV and encodes it as JPEG. */
public final class JpegSnapshots {
    private JpegSnapshots() {
    }

    /** @throws IOException when the keyframe cannot be decoded */
    public static byte[] fromAnnexB(byte[] annexB) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(annexB), 0);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.setFormat("h264");
            grabber.start();
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null) {
                throw new IOException("no picture in the keyframe");
            }
            BufferedImage image = converter.convert(frame);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IOException("no JPEG writer");
            }
            grabber.stop();
            return out.toByteArray();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode the keyframe: " + e.getMessage(), e);
        }
    }
}
