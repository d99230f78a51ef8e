package org.camgate.config;

/** What a gated camera's readers get while its gate is shut. */
public enum WhileShut {
    /** Nothing: the RTSP session stays up without media. */
    SILENCE,
    /**
     * A uniform grey picture once a second (H.264 with in-band parameter sets, encoded once per camera at its
     * resolution), numbered continuously with the real video: for recorders that drop a silent session.
     */
    PLACEHOLDER
}
