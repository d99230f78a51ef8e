package org.camgate.stream;

import io.netty.buffer.ByteBuf;

/** Events of one upstream session towards a camera, delivered on the stream's event loop. */
public interface UpstreamListener {

    /** The camera is playing the tracks of {@code description}; media follows. */
    void onPlaying(StreamDescription description);

    /** An RTP packet of reader track {@code track}; the listener takes ownership. */
    void onRtp(int track, ByteBuf rtp);

    /** An RTCP packet of reader track {@code track}; the listener takes ownership. */
    void onRtcp(int track, ByteBuf rtcp);

    /** The session ended; {@code reason} says why (for logs, never with credentials). */
    void onClosed(String reason);
}
