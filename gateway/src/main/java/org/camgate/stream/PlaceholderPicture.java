package org.camgate.stream;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.camgate.protocol.rtp.AnnexB;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * The grey picture a gated camera's readers get once a second while the gate is shut ({@code whileShut:
 * placeholder}): encoded once per camera, at its resolution, with FFmpeg's {@code libopenh264} (the LGPL build;
 * never libx264) as two IDR access units, each with its SPS and PPS in band, so any decoder can start at either.
 * Two, not one, because consecutive IDR pictures must differ in {@code idr_pic_id}: they are sent alternately.
 */
public record PlaceholderPicture(int width, int height, List<List<byte[]>> accessUnits) {
    public PlaceholderPicture {
        accessUnits = List.copyOf(accessUnits);
    }

    /** Encodes the picture (tens of milliseconds for 1080p): call off the stream's loop. */
    public static PlaceholderPicture encode(int width, int height) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("resolution " + width + "x" + height + " (expected: even, 2..8192)");
        }
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no libopenh264 encoder");
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        try {
            ctx.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
            ctx.time_base(av_make_q(1, 1)).framerate(av_make_q(1, 1));
            ctx.bit_rate(100_000).gop_size(1).max_b_frames(0);
            ctx.profile(AV_PROFILE_H264_CONSTRAINED_BASELINE);
            check(avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), "avcodec_open2(libopenh264)");
            frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
            check(av_frame_get_buffer(frame, 0), "av_frame_get_buffer");
            List<byte[]> encoded = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                check(av_frame_make_writable(frame), "av_frame_make_writable");
                fill(frame, 0, width, height);
                fill(frame, 1, width / 2, height / 2);
                fill(frame, 2, width / 2, height / 2);
                frame.pts(i);
                frame.pict_type(AV_PICTURE_TYPE_I);
                check(avcodec_send_frame(ctx, frame), "avcodec_send_frame");
                drain(ctx, packet, encoded);
            }
            check(avcodec_send_frame(ctx, null), "avcodec_send_frame(flush)");
            drain(ctx, packet, encoded);
            return new PlaceholderPicture(width, height, withParameterSets(encoded));
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(ctx);
        }
    }

    /** Each access unit as NAL units, SPS and PPS first (repeated from the first unit when the encoder left them out). */
    private static List<List<byte[]>> withParameterSets(List<byte[]> encoded) {
        byte[] sps = null;
        byte[] pps = null;
        List<List<byte[]>> out = new ArrayList<>();
        for (byte[] au : encoded) {
            List<byte[]> nals = new ArrayList<>(AnnexB.split(au));
            for (byte[] nal : nals) {
                sps = type(nal) == 7 && sps == null ? nal : sps;
                pps = type(nal) == 8 && pps == null ? nal : pps;
            }
            if (nals.stream().noneMatch(n -> type(n) == 5)) {
                continue;
            }
            nals.removeIf(n -> type(n) == 7 || type(n) == 8 || type(n) == 9 || type(n) == 6);
            if (sps == null || pps == null) {
                throw new IllegalStateException("the encoder gave an IDR picture without SPS/PPS");
            }
            nals.add(0, pps);
            nals.add(0, sps);
            out.add(List.copyOf(nals));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the encoder gave no IDR picture");
        }
        return out;
    }

    private static int type(byte[] nal) {
        return nal.length == 0 ? -1 : nal[0] & 0x1F;
    }

    private static void fill(AVFrame frame, int plane, int w, int h) {
        BytePointer dst = frame.data(plane);
        int stride = frame.linesize(plane);
        byte[] row = new byte[w];
        java.util.Arrays.fill(row, (byte) 128);
        for (int y = 0; y < h; y++) {
            dst.position((long) y * stride).put(row, 0, w);
        }
        dst.position(0);
    }

    private static void drain(AVCodecContext ctx, AVPacket packet, List<byte[]> out) {
        while (true) {
            int ret = avcodec_receive_packet(ctx, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            check(ret, "avcodec_receive_packet");
            byte[] bytes = new byte[packet.size()];
            packet.data().get(bytes);
            out.add(bytes);
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
}
