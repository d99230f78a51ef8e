package org.camgate.upstream;

import org.camgate.stream.StreamDescription;

/** Told of the life of a camera's upstream sessions, on the camera's event loop ({@link WatchedSource}). */
public interface SessionObserver {
    /** A session is being opened. */
    void opening();

    /** The camera plays {@code description}. */
    void playing(StreamDescription description);

    /** The session failed or dropped (the stream reconnects with backoff when the camera is still needed). */
    void failed(String reason);

    /** The gateway closed the session itself: nobody needs the camera any more, or the gateway stops. */
    void closedByGateway();
}
