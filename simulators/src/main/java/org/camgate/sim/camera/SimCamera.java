package org.camgate.sim.camera;

import io.netty.channel.group.ChannelGroup;

/**
 * A camera while its server runs: configuration, pre-encoded media, the player sending it, the faults it
 * shows, and the client connections that have asked for it (so a reboot or garbage reaches only them).
 */
record SimCamera(SimCameraConfig config, EncodedLoop video, StreamPlayer player, CameraFaults faults,
                 ChannelGroup clients) {

    /** Number of tracks in the SDP: video, and audio when enabled. */
    int trackCount() {
        return config.audio() ? 2 : 1;
    }
}
