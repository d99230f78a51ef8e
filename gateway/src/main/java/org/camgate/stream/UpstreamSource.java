package org.camgate.stream;

import io.netty.channel.EventLoop;

/** Opens sessions towards one camera; the upstream package implements it for RTSP cameras. */
public interface UpstreamSource {

    /** Starts a session whose events reach {@code listener} on {@code loop}. */
    UpstreamSession open(EventLoop loop, UpstreamListener listener);

    /** A running session. */
    interface UpstreamSession {
        /** Ends the session (TEARDOWN, then close); idempotent. No events follow. */
        void close();
    }
}
