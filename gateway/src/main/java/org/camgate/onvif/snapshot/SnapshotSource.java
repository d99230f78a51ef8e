package org.camgate.onvif.snapshot;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** A camera's current picture as JPEG. */
@FunctionalInterface
public interface SnapshotSource {
    /**
     * @throws TimeoutException when the camera gave no keyframe in time
     * @throws IOException      when it could not be decoded
     */
    byte[] jpeg(String cameraId) throws IOException, TimeoutException, InterruptedException;
}
