package org.camgate.sim.camera;

/** A camera while its server runs: configuration, pre-encoded media, and the player sending it. */
record SimCamera(SimCameraConfig config, EncodedLoop video, StreamPlayer player) {

    /** Number of tracks in the SDP: video, and audio when enabled. */
    int trackCount() {
        return config.audio() ? 2 : 1;
    }
}
