package org.camgate.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.camgate.protocol.rtp.NalCodec;

/**
 * One H.264 or H.265 keyframe (Annex B, parameter sets first) decoded with FFmpeg through JavaCV: its size, and the
 * picture as JPEG, encoded by FFmpeg's MJPEG encoder straight from the decoder's YUV picture (no RGB image in Java:
 * a 1080p picture costs a few milliseconds instead of tens). The ONVIF snapshot and a clip's snapshot both use it.
 */
public record KeyframeJpeg(int width, int height, byte[] jpeg) {
    /** FFmpeg's quantiser scale for the JPEG (2 best .. 31 worst); 4 is close to the usual quality 0.75. */
    private static final int QUALITY = 4;

    /** @throws IOException when the keyframe cannot be decoded */
    public static KeyframeJpeg decode(byte[] annexB, NalCodec codec) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(annexB), 0)) {
            grabber.setFormat(codec == NalCodec.H265 ? "hevc" : "h264");
            grabber.setPixelFormat(AV_PIX_FMT_YUV420P);
            // One picture: decoded on this thread (no decoder threads to start, and its CPU shows where it is spent).
            grabber.setVideoOption("threads", "1");
            grabber.start();
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null) {
                throw new IOException("no picture in the keyframe");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            try (FFmpegFrameRecorder jpeg = new FFmpegFrameRecorder(out, frame.imageWidth, frame.imageHeight, 0)) {
                jpeg.setFormat("mjpeg");
                jpeg.setVideoCodec(AV_CODEC_ID_MJPEG);
                jpeg.setPixelFormat(AV_PIX_FMT_YUVJ420P);
                jpeg.setVideoQuality(QUALITY);
                jpeg.setFrameRate(1);
                jpeg.setVideoOption("threads", "1");
                jpeg.start();
                jpeg.record(frame, AV_PIX_FMT_YUV420P);
                jpeg.stop();
            }
            grabber.stop();
            if (out.size() == 0) {
                throw new IOException("no JPEG written");
            }
            return new KeyframeJpeg(frame.imageWidth, frame.imageHeight, out.toByteArray());
        } catch (FFmpegFrameGrabber.Exception | FFmpegFrameRecorder.Exception e) {
            throw new IOException("cannot decode the keyframe: " + e.getMessage(), e);
        }
    }
}
