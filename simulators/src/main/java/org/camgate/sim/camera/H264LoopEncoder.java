package org.camgate.sim.camera;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.camgate.protocol.rtp.AnnexB;
import org.camgate.protocol.rtp.NalCodec;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Encodes a loop of the synthetic scene once with FFmpeg's {@code libopenh264} encoder (the
 * LGPL build: constrained baseline, no B-frames) and keeps every access unit in memory.
 */
final class H264LoopEncoder {
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;
    private static final int NAL_IDR = 5;

    private H264LoopEncoder() {
    }

    /** Encodes {@code gops} GOPs of {@code config.gopFrames()} frames each. */
    static EncodedLoop encode(SimCameraConfig config, int gops) {
        SceneRenderer scene = new SceneRenderer(config.width(), config.height(), gops * config.gopFrames());
        return encode(config, new Plan(gops, scene::render, 0));
    }

    /**
     * Encodes the camera's scripted timeline, rounded up to whole GOPs, plus one still GOP after it that repeats
     * (so only the timeline is encoded frame by frame; what follows costs one GOP).
     */
    static EncodedLoop encodeScene(SimCameraConfig config) {
        return encode(config, Plan.scene(config));
    }

    /**
     * What to encode: {@code gops} GOPs drawn by {@code painter}, played once and then repeated from frame
     * {@code loopStart}.
     */
    record Plan(int gops, FramePainter painter, int loopStart) {
        /**
         * The camera's scene, rounded up to whole GOPs; a scene that does not loop gets one more GOP after it,
         * which then repeats.
         */
        static Plan scene(SimCameraConfig config) {
            CameraScene timeline = config.scene();
            int gop = config.gopFrames();
            int frames = (int) Math.ceil(timeline.seconds() * config.fps());
            int gops = (frames + gop - 1) / gop + (timeline.loops() ? 0 : 1);
            FramePainter painter = timeline.painter(config.width(), config.height(), config.fps());
            return new Plan(gops, painter, timeline.loops() ? 0 : (gops - 1) * gop);
        }

        /** The same painter for another number of GOPs, played over and over. */
        Plan withGops(int newGops) {
            return new Plan(newGops, painter, 0);
        }

        /** The default moving-block loop of about {@code seconds}, played over and over. */
        static Plan loop(SimCameraConfig config, int seconds) {
            int gops = Math.max(1, Math.round((float) seconds * config.fps() / config.gopFrames()));
            SceneRenderer scene = new SceneRenderer(config.width(), config.height(), gops * config.gopFrames());
            return new Plan(gops, scene::render, 0);
        }
    }

    static EncodedLoop encode(SimCameraConfig config, Plan plan) {
        int gops = plan.gops();
        FramePainter scene = plan.painter();
        int loopStart = plan.loopStart();
        int frames = gops * config.gopFrames();
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no libopenh264 encoder");
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        try {
            open(ctx, codec, config);
            frame.format(AV_PIX_FMT_YUV420P).width(config.width()).height(config.height());
            check(av_frame_get_buffer(frame, 0), "av_frame_get_buffer");
            List<byte[]> encoded = new ArrayList<>(frames);
            byte[] y = new byte[config.width() * config.height()];
            byte[] u = new byte[y.length / 4];
            byte[] v = new byte[y.length / 4];
            for (int i = 0; i < frames; i++) {
                scene.render(i, y, u, v);
                check(av_frame_make_writable(frame), "av_frame_make_writable");
                copyPlane(frame, 0, y, config.width(), config.height());
                copyPlane(frame, 1, u, config.width() / 2, config.height() / 2);
                copyPlane(frame, 2, v, config.width() / 2, config.height() / 2);
                frame.pts(i);
                frame.pict_type(i % config.gopFrames() == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
                check(avcodec_send_frame(ctx, frame), "avcodec_send_frame");
                drain(ctx, packet, encoded);
            }
            check(avcodec_send_frame(ctx, null), "avcodec_send_frame(flush)");
            drain(ctx, packet, encoded);
            return toLoop(encoded, frames, config, loopStart);
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(ctx);
        }
    }

    private static void open(AVCodecContext ctx, AVCodec codec, SimCameraConfig config) {
        ctx.width(config.width()).height(config.height()).pix_fmt(AV_PIX_FMT_YUV420P);
        ctx.time_base(av_make_q(1, config.fps())).framerate(av_make_q(config.fps(), 1));
        ctx.bit_rate(config.bitrateKbps() * 1000L).gop_size(config.gopFrames()).max_b_frames(0);
        ctx.profile(AV_PROFILE_H264_CONSTRAINED_BASELINE);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "rc_mode", "bitrate", 0);
        av_dict_set(options, "allow_skip_frames", "0", 0);
        try {
            check(avcodec_open2(ctx, codec, options), "avcodec_open2(libopenh264)");
        } finally {
            av_dict_free(options);
        }
    }

    private static void copyPlane(AVFrame frame, int plane, byte[] src, int w, int h) {
        BytePointer dst = frame.data(plane);
        int stride = frame.linesize(plane);
        for (int row = 0; row < h; row++) {
            dst.position((long) row * stride).put(src, row * w, w);
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

    private static EncodedLoop toLoop(List<byte[]> encoded, int frames, SimCameraConfig config, int loopStart) {
        if (encoded.size() != frames) {
            throw new IllegalStateException("encoder produced " + encoded.size() + " access units for "
                    + frames + " frames");
        }
        byte[] sps = null;
        byte[] pps = null;
        List<EncodedLoop.AccessUnit> units = new ArrayList<>(frames);
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
                    throw new IllegalStateException("IDR frame before any SPS/PPS");
                }
                nals.add(0, pps);
                nals.add(0, sps);
            }
            units.add(new EncodedLoop.AccessUnit(List.copyOf(nals), idr));
        }
        return new EncodedLoop(NalCodec.H264, units, List.of(sps, pps), config.fps(), loopStart);
    }

    private static int type(byte[] nal) {
        return nal[0] & 0x1F;
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            byte[] buf = new byte[256];
            av_strerror(ret, buf, buf.length);
            throw new IllegalStateException(what + " failed: " + new String(buf).trim() + " (" + ret + ")");
        }
    }
}
