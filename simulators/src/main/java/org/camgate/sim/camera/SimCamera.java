package org.camgate.sim.camera;

import io.netty.channel.group.ChannelGroup;

/**
 * A camera while its server runs: configuration, pre-encoded media, the player sending it, the faults it
 * shows, the client connections that have asked for it (so a reboot or garbage reaches only them), and when
 * its frame 0 was due ({@link System#nanoTime()}), the clock a player started after a reboot keeps to.
 */
record SimCamera(SimCameraConfig config, EncodedLoop video, StreamPlayer player, CameraFaults faults,
                 ChannelGroup clients, long epochNanos) {

    /** The same camera with another player (after a reboot). */
    SimCamera withPlayer(StreamPlayer newPlayer) {
        return new SimCamera(config, video, newPlayer, faults, clients, epochNanos);
    }

    /** Number of tracks in the SDP: video, and audio when enabled. */
    int trackCount() {
        return config.audio() ? 2 : 1;
    }
}
