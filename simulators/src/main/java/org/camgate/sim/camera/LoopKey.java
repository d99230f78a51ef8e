package org.camgate.sim.camera;

import org.camgate.protocol.rtp.NalCodec;

/**
 * What an encoded picture depends on, and nothing else (not the path, credentials or audio): cameras with
 * equal keys share one {@link EncodedLoop}, so a hundred identical cameras cost one encode.
 */
record LoopKey(int width, int height, int fps, int bitrateKbps, int gopFrames, CameraScene scene, NalCodec codec) {

    static LoopKey of(SimCameraConfig c) {
        return new LoopKey(c.width(), c.height(), c.fps(), c.bitrateKbps(), c.gopFrames(), c.scene(), c.codec());
    }
}
