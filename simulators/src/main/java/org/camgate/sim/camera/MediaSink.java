package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Where a {@link StreamPlayer} delivers packets for one playing session. Called on the
 * player's executor. The buffers stay owned by the player: a sink that forwards one takes its
 * own reference ({@code retainedDuplicate()}).
 */
interface MediaSink {

    /** All RTP packets of one video frame or one audio packet of {@code track} (0 video, 1 audio). */
    void frame(int track, List<ByteBuf> packets, boolean keyframe);

    /** An RTCP compound packet (sender report + SDES) for {@code track}. */
    void rtcp(int track, ByteBuf packet);
}
