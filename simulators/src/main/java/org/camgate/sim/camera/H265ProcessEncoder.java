package org.camgate.sim.camera;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camgate.protocol.rtp.AnnexB;
import org.camgate.protocol.rtp.NalCodec;

/**
 * Encodes a simulated camera's frames as H.265 with the {@code ffmpeg} command and its libx265 encoder, once,
 * into memory. JavaCV's LGPL FFmpeg build has no software H.265 encoder and libx265 is GPL, so it is used as a
 * separate program (Debian: {@code apt-get install ffmpeg}), never linked: only the test-lab simulators need it.
 * Raw YUV 4:2:0 frames go to its standard input; Annex B with an access unit delimiter before every frame comes
 * back on its standard output.
 */
final class H265ProcessEncoder {
    private static final int NAL_VPS = 32;
    private static final int NAL_SPS = 33;
    private static final int NAL_PPS = 34;
    private static final int NAL_AUD = 35;
    private static final int FIRST_IRAP = 16;
    private static final int LAST_IRAP = 23;
    private static final long TIMEOUT_SECONDS = 300;

    private H265ProcessEncoder() {
    }

    static EncodedLoop encode(SimCameraConfig config, H264LoopEncoder.Plan plan) {
        int frames = plan.gops() * config.gopFrames();
        Process process = start(config);
        try {
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                writeFrames(in, config, plan.painter(), frames);
            } catch (IOException e) {
                throw failure(config, "the encoder stopped reading frames", errors);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw failure(config, "the encoder failed", errors);
            }
            return toLoop(AnnexB.split(output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)), frames, config, plan.loopStart());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding H.265 for camera " + config.path(), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("H.265 encoding for camera " + config.path() + " failed: " + e, e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static Process start(SimCameraConfig config) {
        String gop = Integer.toString(config.gopFrames());
        List<String> command = List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", config.width() + "x" + config.height(),
                "-r", Integer.toString(config.fps()), "-i", "pipe:0",
                "-c:v", "libx265", "-preset", "ultrafast", "-b:v", config.bitrateKbps() + "k",
                "-x265-params", String.format(Locale.ROOT,
                        "keyint=%s:min-keyint=%s:bframes=0:scenecut=0:open-gop=0:repeat-headers=1:aud=1:log-level=error",
                        gop, gop),
                "-f", "hevc", "pipe:1");
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IllegalStateException("camera " + config.path() + ": H.265 needs the ffmpeg command with the "
                    + "libx265 encoder on the PATH (Debian: apt-get install ffmpeg): " + e.getMessage(), e);
        }
    }

    private static void writeFrames(OutputStream out, SimCameraConfig config, FramePainter painter,
                                    int frames) throws IOException {
        byte[] y = new byte[config.width() * config.height()];
        byte[] u = new byte[y.length / 4];
        byte[] v = new byte[y.length / 4];
        for (int i = 0; i < frames; i++) {
            painter.render(i, y, u, v);
            out.write(y);
            out.write(u);
            out.write(v);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static IllegalStateException failure(SimCameraConfig config, String what, CompletableFuture<byte[]> errors) {
        String detail = new String(errors.getNow(new byte[0]), java.nio.charset.StandardCharsets.UTF_8).strip();
        return new IllegalStateException("camera " + config.path() + ": " + what
                + (detail.isEmpty() ? "" : ": " + detail) + " (H.265 needs ffmpeg with libx265: apt-get install ffmpeg)");
    }

    /** Groups the NAL units into access units at each delimiter, which is dropped. */
    static EncodedLoop toLoop(List<byte[]> nals, int frames, SimCameraConfig config, int loopStart) {
        List<EncodedLoop.AccessUnit> units = new ArrayList<>(frames);
        List<byte[]> current = null;
        byte[] vps = null;
        byte[] sps = null;
        byte[] pps = null;
        for (byte[] nal : nals) {
            int type = NalCodec.H265.type(nal[0] & 0xFF);
            if (type == NAL_AUD) {
                if (current != null) {
                    units.add(unit(current));
                }
                current = new ArrayList<>();
                continue;
            }
            if (current == null) {
                throw new IllegalStateException("H.265 stream does not start with an access unit delimiter");
            }
            vps = type == NAL_VPS && vps == null ? nal : vps;
            sps = type == NAL_SPS && sps == null ? nal : sps;
            pps = type == NAL_PPS && pps == null ? nal : pps;
            current.add(nal);
        }
        if (current != null && !current.isEmpty()) {
            units.add(unit(current));
        }
        if (units.size() != frames || vps == null || sps == null || pps == null) {
            throw new IllegalStateException("the H.265 encoder produced " + units.size() + " access units for " + frames
                    + " frames" + (vps == null || sps == null || pps == null ? " and no parameter sets" : ""));
        }
        return new EncodedLoop(NalCodec.H265, units, List.of(vps, sps, pps), config.fps(), loopStart);
    }

    private static EncodedLoop.AccessUnit unit(List<byte[]> nals) {
        boolean keyframe = nals.stream().map(n -> NalCodec.H265.type(n[0] & 0xFF))
                .anyMatch(t -> t >= FIRST_IRAP && t <= LAST_IRAP);
        return new EncodedLoop.AccessUnit(List.copyOf(nals), keyframe);
    }
}
