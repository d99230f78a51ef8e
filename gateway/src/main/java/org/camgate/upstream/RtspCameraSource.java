package org.camgate.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import org.camgate.stream.UpstreamListener;
import org.camgate.stream.UpstreamSource;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens RTSP sessions to one camera, with media over TCP interleaved or UDP. Credentials stay here: they
 * are sent only to the camera and never appear in logs or anything readers see.
 */
public final class RtspCameraSource implements UpstreamSource {
    private final String cameraId;
    private final URI uri;
    private final CameraCredentials credentials;
    private final boolean keepAudio;
    private final boolean udp;
    private final Duration timeout;
    private final Bootstrap bootstrap;

    /**
     * @param uri       the camera's stream URL without user info
     * @param bootstrap a bootstrap with channel type and options set; group and handler are set per session
     */
    public RtspCameraSource(String cameraId, URI uri, CameraCredentials credentials, boolean keepAudio, boolean udp,
                            Duration timeout, Bootstrap bootstrap) {
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.uri = Objects.requireNonNull(uri, "uri");
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("uri must not carry credentials");
        }
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.keepAudio = keepAudio;
        this.udp = udp;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public UpstreamSession open(EventLoop loop, UpstreamListener listener) {
        RtspCameraSession session = new RtspCameraSession(cameraId, uri, credentials, keepAudio, udp, timeout, listener);
        session.connect(bootstrap.clone(loop));
        return session;
    }
}
