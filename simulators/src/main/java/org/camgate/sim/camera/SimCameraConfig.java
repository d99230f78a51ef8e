package org.camgate.sim.camera;

import java.util.Objects;
import org.camgate.protocol.rtp.NalCodec;

/**
 * One simulated camera: its RTSP path, the picture it encodes, whether it has a PCMU audio
 * track, and optional credentials (both null: no authentication).
 */
public record SimCameraConfig(String path, int width, int height, int fps, int bitrateKbps, int gopFrames,
                              boolean audio, String username, String password, CameraScene scene, NalCodec codec) {

    /** H.264 video. */
    public SimCameraConfig(String path, int width, int height, int fps, int bitrateKbps, int gopFrames, boolean audio,
                           String username, String password, CameraScene scene) {
        this(path, width, height, fps, bitrateKbps, gopFrames, audio, username, password, scene, NalCodec.H264);
    }

    /** Plays the default moving-block loop. */
    public SimCameraConfig(String path, int width, int height, int fps, int bitrateKbps, int gopFrames, boolean audio,
                           String username, String password) {
        this(path, width, height, fps, bitrateKbps, gopFrames, audio, username, password, null);
    }

    public SimCameraConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(codec, "codec");
        path = path.startsWith("/") ? path.substring(1) : path;
        if (path.isEmpty() || !path.matches("[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: URL path segments like cam1)");
        }
        if (path.contains("trackID=")) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: no trackID=)");
        }
        range("width", width, 16, 4096);
        range("height", height, 16, 4096);
        range("fps", fps, 1, 60);
        range("bitrateKbps", bitrateKbps, 16, 50_000);
        range("gopFrames", gopFrames, 1, 600);
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("size: " + width + "x" + height + " (expected: even width and height)");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username/password: both or neither (expected: a pair)");
        }
    }

    /** 640x360, 25 fps, 1000 kbit/s, a keyframe every second, no audio, no credentials. */
    public static SimCameraConfig of(String path) {
        return new SimCameraConfig(path, 640, 360, 25, 1000, 25, false, null, null);
    }

    public SimCameraConfig withSize(int newWidth, int newHeight) {
        return new SimCameraConfig(path, newWidth, newHeight, fps, bitrateKbps, gopFrames, audio, username, password, scene, codec);
    }

    public SimCameraConfig withFps(int newFps) {
        return new SimCameraConfig(path, width, height, newFps, bitrateKbps, gopFrames, audio, username, password, scene, codec);
    }

    public SimCameraConfig withBitrateKbps(int kbps) {
        return new SimCameraConfig(path, width, height, fps, kbps, gopFrames, audio, username, password, scene, codec);
    }

    public SimCameraConfig withGopFrames(int frames) {
        return new SimCameraConfig(path, width, height, fps, bitrateKbps, frames, audio, username, password, scene, codec);
    }

    public SimCameraConfig withAudio(boolean enabled) {
        return new SimCameraConfig(path, width, height, fps, bitrateKbps, gopFrames, enabled, username, password, scene, codec);
    }

    public SimCameraConfig withCredentials(String user, String pass) {
        return new SimCameraConfig(path, width, height, fps, bitrateKbps, gopFrames, audio, user, pass, scene, codec);
    }

    /** Plays {@code timeline} once from the server's start instead of the loop (then repeats its last GOP). */
    /** H.264 (encoded in-process with libopenh264) or H.265 (needs the ffmpeg command with libx265). */
    public SimCameraConfig withCodec(NalCodec newCodec) {
        return new SimCameraConfig(path, width, height, fps, bitrateKbps, gopFrames, audio, username, password, scene,
                newCodec);
    }

    public SimCameraConfig withScene(CameraScene timeline) {
        return new SimCameraConfig(path, width, height, fps, bitrateKbps, gopFrames, audio, username, password, timeline, codec);
    }

    public boolean requiresAuth() {
        return username != null;
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + "-" + max + ")");
        }
    }

    @Override
    public String toString() {
        return "SimCameraConfig[path=" + path + ", " + width + "x" + height + ", fps=" + fps + ", bitrateKbps="
                + bitrateKbps + ", gopFrames=" + gopFrames + ", codec=" + codec + ", audio=" + audio
                + (requiresAuth() ? ", username=" + username + ", password=***" : "") + "]";
    }
}
