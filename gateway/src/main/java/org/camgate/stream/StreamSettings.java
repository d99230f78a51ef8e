package org.camgate.stream;

import java.time.Duration;

/**
 * Tuning of camera streams, taken from the {@code rtsp} configuration.
 *
 * @param gopCacheBytes   bound of the per-camera cache of the current group of pictures
 * @param maxFrameBytes   bound of one frame; larger frames from a camera are discarded
 * @param upstreamTimeout how long a DESCRIBE waits for the camera
 * @param upstreamLinger  how long the upstream session stays after the last reader leaves
 */
public record StreamSettings(long gopCacheBytes, int maxFrameBytes, Duration upstreamTimeout, Duration upstreamLinger,
                             Duration reconnectMin, Duration reconnectMax) {
}
