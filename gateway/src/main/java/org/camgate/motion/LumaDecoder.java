package org.camgate.motion;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.IntPointer;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Decodes H.264/H.265 access units with FFmpeg's decoder in this process (one thread, no container, no network)
 * and hands out the luma plane scaled down to the analysis height with an area filter (grey only: chroma is
 * never converted). Owns native memory: {@link #close()} it. Not thread-safe.
 */
final class LumaDecoder implements AutoCloseable {
    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final int analysisHeight;
    private SwsContext scaler;
    private int srcWidth;
    private int srcHeight;
    private int width;
    private int height;
    private BytePointer scaled;
    private byte[] luma;
    private BytePointer input;
    private long inputCapacity;
    // sws_scale's plane and stride arguments, allocated once (JavaCPP pointers are costly to create per picture).
    private final PointerPointer<BytePointer> srcPlanes = new PointerPointer<>(4);
    private final IntPointer srcStrides = new IntPointer(4);
    private final PointerPointer<BytePointer> dstPlanes = new PointerPointer<>(4);
    private final IntPointer dstStrides = new IntPointer(4);

    LumaDecoder(boolean h265, int analysisHeight) {
        AVCodec codec = avcodec_find_decoder(h265 ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no " + (h265 ? "H.265" : "H.264") + " decoder");
        }
        context = avcodec_alloc_context3(codec);
        context.thread_count(1);
        // Analysis needs no in-loop deblocking: skipping it is cheaper and changes pictures only slightly.
        context.skip_loop_filter(AVDISCARD_ALL);
        if (avcodec_open2(context, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("cannot open the decoder");
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        this.analysisHeight = analysisHeight;
    }

    /**
     * Decodes one access unit; returns true when a picture came out (then {@link #luma()} holds it, scaled when
     * {@code scale}). When {@code scale} is false the picture is not wanted, so a non-reference picture (a B-frame
     * no other picture predicts from) is not decoded at all. Decoding errors (a lost packet) return false; the
     * decoder recovers at the next keyframe.
     */
    boolean decode(byte[] accessUnit, boolean scale) {
        if (accessUnit.length == 0) {
            return false;
        }
        context.skip_frame(scale ? AVDISCARD_DEFAULT : AVDISCARD_NONREF);
        if (input == null || inputCapacity < accessUnit.length + AV_INPUT_BUFFER_PADDING_SIZE) {
            if (input != null) {
                av_free(input);
            }
            inputCapacity = accessUnit.length * 2L + AV_INPUT_BUFFER_PADDING_SIZE;
            input = new BytePointer(av_malloc(inputCapacity)).capacity(inputCapacity);
        }
        input.position(0).put(accessUnit, 0, accessUnit.length);
        // The decoder may read past the end: the padding must be zero.
        input.position(accessUnit.length).limit(accessUnit.length + AV_INPUT_BUFFER_PADDING_SIZE).fill(0);
        input.position(0).limit(inputCapacity);
        packet.data(input);
        packet.size(accessUnit.length);
        if (avcodec_send_packet(context, packet) < 0) {
            return false;
        }
        boolean got = false;
        while (avcodec_receive_frame(context, frame) == 0) {
            if (scale) {
                scale();
            }
            got = true;
            av_frame_unref(frame);
        }
        packet.data(null);
        packet.size(0);
        return got;
    }

    private void scale() {
        if (scaler == null || frame.width() != srcWidth || frame.height() != srcHeight) {
            srcWidth = frame.width();
            srcHeight = frame.height();
            height = Math.min(analysisHeight, srcHeight);
            width = Math.max(1, (int) Math.round((double) srcWidth * height / srcHeight));
            if (scaler != null) {
                sws_freeContext(scaler);
            }
            scaler = sws_getContext(srcWidth, srcHeight, AV_PIX_FMT_GRAY8, width, height, AV_PIX_FMT_GRAY8, SWS_AREA,
                    null, null, (DoublePointer) null);
            if (scaled != null) {
                av_free(scaled);
            }
            scaled = new BytePointer(av_malloc((long) width * height + 64)).capacity((long) width * height + 64);
            luma = new byte[width * height];
            dstPlanes.put(0, scaled);
            dstStrides.put(0, width);
        }
        srcPlanes.put(0, frame.data(0));
        srcStrides.put(0, frame.linesize(0));
        sws_scale(scaler, srcPlanes, srcStrides, 0, srcHeight, dstPlanes, dstStrides);
        scaled.position(0).get(luma, 0, luma.length);
    }

    /** The last scaled picture, {@link #width()} x {@link #height()} grey levels; reused between calls. */
    byte[] luma() {
        return luma;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    @Override
    public void close() {
        avcodec_free_context(context);
        av_packet_free(packet);
        av_frame_free(frame);
        if (scaler != null) {
            sws_freeContext(scaler);
        }
        if (scaled != null) {
            av_free(scaled);
        }
        if (input != null) {
            av_free(input);
        }
        srcPlanes.close();
        srcStrides.close();
        dstPlanes.close();
        dstStrides.close();
    }
}
