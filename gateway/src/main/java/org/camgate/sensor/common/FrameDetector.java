package org.camgate.sensor.common;

import java.time.Instant;

/**
 * A kind's detectors for one sensor: whole frames in (a track list, a point cloud, a thermal image), detections out
 * through the sink. Used on one thread (the sensor's channel).
 *
 * @param <F> the kind's frame
 */
public interface FrameDetector<F> {
    void onFrame(F frame, Instant now, DetectionSink sink);

    /** Forgets tracks and positions (after a silence: they do not survive a gap); detections stay as they are. */
    void reset();
}
