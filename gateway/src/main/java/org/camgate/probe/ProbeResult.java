package org.camgate.probe;

import java.util.Objects;

/**
 * What probing one camera found.
 *
 * @param reachable  the camera answered and played its stream
 * @param codec      the video encoding (H264, H265, ...), empty when unknown
 * @param resolution {@code WIDTHxHEIGHT} from the stream's SPS (or its SDP), empty when unknown
 * @param error      why it is not reachable, empty when it is; never carries credentials
 */
public record ProbeResult(String camera, boolean reachable, String codec, String resolution, String error) {
    public ProbeResult {
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(error, "error");
    }

    static ProbeResult failed(String camera, String error) {
        return new ProbeResult(camera, false, "", "", error);
    }
}
