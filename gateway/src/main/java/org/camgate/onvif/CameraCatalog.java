package org.camgate.onvif;

import java.util.List;

/** The cameras the ONVIF services describe, and what is known of their video. */
public interface CameraCatalog {

    /** Every configured camera id, in configuration order. */
    List<String> cameraIds();

    /** The camera's video as last learnt from its SDP; {@link VideoInfo#UNKNOWN} while it has never been reached. */
    VideoInfo video(String cameraId);

    /** Whether the camera's gate lets video through now. */
    boolean gateOpen(String cameraId);
}
