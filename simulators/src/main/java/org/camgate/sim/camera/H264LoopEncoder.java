package org.camgate.sim.camera;

import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.video.H264Encoder;

import java.util.List;
import java.util.Map;

/**
 * Encodes a loop of the synthetic scene once with FFmpeg's {@code libopenh264} encoder ({@link H264Encoder}: the
 * LGPL build, constrained baseline, no B-frames) and keeps every access unit in memory.
 */
final class H264LoopEncoder {
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
        int frames = plan.gops() * config.gopFrames();
        FramePainter scene = plan.painter();
        Map<String, String> options = Map.of("rc_mode", "bitrate", "allow_skip_frames", "0");
        try (H264Encoder encoder = new H264Encoder(config.width(), config.height(), config.fps(),
                config.bitrateKbps() * 1000L, config.gopFrames(), options)) {
            byte[] y = new byte[config.width() * config.height()];
            byte[] u = new byte[y.length / 4];
            byte[] v = new byte[y.length / 4];
            for (int i = 0; i < frames; i++) {
                scene.render(i, y, u, v);
                encoder.encode(y, u, v, i % config.gopFrames() == 0);
            }
            List<H264Encoder.AccessUnit> encoded = encoder.finish();
            if (encoded.size() != frames) {
                throw new IllegalStateException("encoder produced " + encoded.size() + " access units for "
                        + frames + " frames");
            }
            List<EncodedLoop.AccessUnit> units = encoded.stream()
                    .map(au -> new EncodedLoop.AccessUnit(au.nals(), au.idr())).toList();
            return new EncodedLoop(NalCodec.H264, units, List.of(encoder.sps(), encoder.pps()), config.fps(),
                    plan.loopStart());
        }
    }
}
