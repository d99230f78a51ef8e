package org.camgate.protocol.video;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.camgate.protocol.rtp.AnnexB;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Encodes pictures made in memory (4:2:0 planes) to H.264 with FFmpeg's {@code libopenh264} encoder: the LGPL
 * build's, constrained baseline, no B-frames (never libx264, which would put GPL code in the product). The access
 * units come out as NAL units, each IDR unit with the SPS and PPS first (the first ones the encoder gave, when it
 * left them out), so a decoder can start at any IDR. Owns native memory: {@link #close()} it. Not thread-safe.
 */
public final class H264Encoder implements AutoCloseable {
    private static final int NAL_IDR = 5;
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;

    /** One access unit: its NAL units without start codes; an IDR unit starts with SPS and PPS. */
    public record AccessUnit(List<byte[]> nals, boolean idr) {
        public AccessUnit {
            nals = List.copyOf(nals);
        }
    }

    private final int width;
    private final int height;
    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final List<byte[]> encoded = new ArrayList<>();
    private long pts;
    private byte[] sps;
    private byte[] pps;

    /**
     * @param options libopenh264 private options (e.g. {@code rc_mode}), empty for its defaults
     * @throws IllegalArgumentException for an odd or out-of-range size
     * @throws IllegalStateException    when FFmpeg has no libopenh264 or refuses the settings
     */
    public H264Encoder(int width, int height, int fps, long bitRate, int gopFrames, Map<String, String> options) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("resolution " + width + "x" + height + " (expected: even, 2..8192)");
        }
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no libopenh264 encoder");
        }
        this.width = width;
        this.height = height;
        context = avcodec_alloc_context3(codec);
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        try {
            context.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
            context.time_base(av_make_q(1, fps)).framerate(av_make_q(fps, 1));
            context.bit_rate(bitRate).gop_size(gopFrames).max_b_frames(0);
            context.profile(AV_PROFILE_H264_CONSTRAINED_BASELINE);
            AVDictionary dictionary = new AVDictionary(null);
            options.forEach((k, v) -> av_dict_set(dictionary, k, v, 0));
            try {
                check(avcodec_open2(context, codec, dictionary), "avcodec_open2(libopenh264)");
            } finally {
                av_dict_free(dictionary);
            }
            frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
            check(av_frame_get_buffer(frame, 0), "av_frame_get_buffer");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Encodes one picture: planes Y ({@code width x height}), U and V (half that each way), rows back to back. */
    public void encode(byte[] y, byte[] u, byte[] v, boolean idr) {
        check(av_frame_make_writable(frame), "av_frame_make_writable");
        copyPlane(0, y, width, height);
        copyPlane(1, u, width / 2, height / 2);
        copyPlane(2, v, width / 2, height / 2);
        frame.pts(pts++);
        frame.pict_type(idr ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        check(avcodec_send_frame(context, frame), "avcodec_send_frame");
        drain();
    }

    /** Flushes the encoder: every access unit so far, in order, IDR units with their parameter sets first. */
    public List<AccessUnit> finish() {
        check(avcodec_send_frame(context, null), "avcodec_send_frame(flush)");
        drain();
        List<AccessUnit> units = new ArrayList<>(encoded.size());
        for (byte[] au : encoded) {
            List<byte[]> nals = new ArrayList<>(AnnexB.split(au));
            boolean idr = nals.stream().anyMatch(n -> type(n) == NAL_IDR);
            for (byte[] nal : nals) {
                sps = type(nal) == NAL_SPS && sps == null ? nal : sps;
                pps = type(nal) == NAL_PPS && pps == null ? nal : pps;
            }
            if (idr) {
                nals.removeIf(n -> type(n) == NAL_SPS || type(n) == NAL_PPS);
                if (sps == null || pps == null) {
                    throw new IllegalStateException("the encoder gave an IDR picture without SPS/PPS");
                }
                nals.add(0, pps);
                nals.add(0, sps);
            }
            units.add(new AccessUnit(nals, idr));
        }
        encoded.clear();
        return units;
    }

    /** The sequence parameter set, once {@link #finish()} saw one (else null). */
    public byte[] sps() {
        return sps;
    }

    /** The picture parameter set, once {@link #finish()} saw one (else null). */
    public byte[] pps() {
        return pps;
    }

    /** The NAL unit type of an H.264 NAL unit. */
    public static int type(byte[] nal) {
        return nal.length == 0 ? -1 : nal[0] & 0x1F;
    }

    private void copyPlane(int plane, byte[] src, int w, int h) {
        BytePointer dst = frame.data(plane);
        int stride = frame.linesize(plane);
        for (int row = 0; row < h; row++) {
            dst.position((long) row * stride).put(src, row * w, w);
        }
        dst.position(0);
    }

    private void drain() {
        while (true) {
            int ret = avcodec_receive_packet(context, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            check(ret, "avcodec_receive_packet");
            byte[] bytes = new byte[packet.size()];
            packet.data().get(bytes);
            encoded.add(bytes);
            av_packet_unref(packet);
        }
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            byte[] buf = new byte[256];
            av_strerror(ret, buf, buf.length);
            throw new IllegalStateException(what + " failed: " + new String(buf).trim() + " (" + ret + ")");
        }
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
    }
}
