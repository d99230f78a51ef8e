package org.camgate.config;

import java.time.Duration;
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
 * @param onDemand   true: the camera is contacted only while a reader (or its gate or motion analysis) needs it;
 *                   default false: connected from start and kept connected
 * @param signalLossAfter how long a playing camera may send no video before {@code signal-loss} starts; default
 *                   {@link #DEFAULT_SIGNAL_LOSS_AFTER}
 */
public record CameraConfig(String id, String purpose, SourceConfig source, AudioPolicy audio,
                           UpstreamTransport transport, GateConfig gate, Optional<AccessConfig> access,
                           Optional<MotionConfig> motion, boolean allowBasic, boolean onDemand,
                           Duration signalLossAfter) {
    public static final Duration DEFAULT_SIGNAL_LOSS_AFTER = Duration.ofSeconds(5);

    public CameraConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(motion, "motion");
        Objects.requireNonNull(signalLossAfter, "signalLossAfter");
        if (signalLossAfter.isNegative() || signalLossAfter.isZero()) {
            throw new IllegalArgumentException("signalLossAfter: " + signalLossAfter + " (expected: > 0)");
        }
        if (purpose.isBlank()) {
            throw new IllegalArgumentException("purpose: blank (expected: what this camera is for)");
        }
    }

    /** Connected from start, signal loss after {@link #DEFAULT_SIGNAL_LOSS_AFTER}. */
    public CameraConfig(String id, String purpose, SourceConfig source, AudioPolicy audio, UpstreamTransport transport,
                        GateConfig gate, Optional<AccessConfig> access, Optional<MotionConfig> motion,
                        boolean allowBasic) {
        this(id, purpose, source, audio, transport, gate, access, motion, allowBasic, false, DEFAULT_SIGNAL_LOSS_AFTER);
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
