package org.camgate.onvif.snapshot;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.camgate.protocol.rtp.NalCodec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Decodes one H.264 or H.265 keyframe (Annex B) with FFmpeg through JavaCV and encodes it as JPEG. */
public final class JpegSnapshots {
    private JpegSnapshots() {
    }

    /** A decoded keyframe: its size and the picture as JPEG. */
    public record Jpeg(int width, int height, byte[] bytes) {
    }

    /** @throws IOException when the keyframe cannot be decoded */
    public static byte[] fromAnnexB(byte[] annexB, NalCodec codec) throws IOException {
        return decode(annexB, codec).bytes();
    }

    /** @throws IOException when the keyframe cannot be decoded */
    public static Jpeg decode(byte[] annexB, NalCodec codec) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(annexB), 0);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.setFormat(codec == NalCodec.H265 ? "hevc" : "h264");
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
            return new Jpeg(frame.imageWidth, frame.imageHeight, out.toByteArray());
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode the keyframe: " + e.getMessage(), e);
        }
    }
}
