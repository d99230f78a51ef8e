package org.camgate.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One camera behind the gateway, served as {@code rtsp://GATEWAY:PORT/{id}}.
 *
 * @param purpose   why the camera exists (required, never blank)
 * @param audio     default {@link AudioPolicy#STRIP}
 * @param transport how the gateway pulls from the camera; default {@link UpstreamTransport#TCP}
 * @param access    the camera's own allow/deny lists, applied on top of the top-level ones
 * @param motion    the gateway's own motion analysis: present with a {@code motion} section or a motion trigger
 * @param allowBasic whether the camera's password may be sent with Basic authentication when the camera offers
 *                   nothing else (over plain rtsp:// anyone on the path can read it); default false
 */
public record CameraConfig(String id, String purpose, SourceConfig source, AudioPolicy audio,
                           UpstreamTransport transport, GateConfig gate, Optional<AccessConfig> access,
                           Optional<MotionConfig> motion, boolean allowBasic) {
    public CameraConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(motion, "motion");
        if (purpose.isBlank()) {
            throw new IllegalArgumentException("purpose: blank (expected: what this camera is for)");
        }
    }

    /** Basic authentication not allowed. */
    public CameraConfig(String id, String purpose, SourceConfig source, AudioPolicy audio, UpstreamTransport transport,
                        GateConfig gate, Optional<AccessConfig> access, Optional<MotionConfig> motion) {
        this(id, purpose, source, audio, transport, gate, access, motion, false);
    }

    /** Without motion analysis. */
    public CameraConfig(String id, String purpose, SourceConfig source, AudioPolicy audio, UpstreamTransport transport,
                        GateConfig gate, Optional<AccessConfig> access) {
        this(id, purpose, source, audio, transport, gate, access, Optional.empty());
    }
}
