package org.camgate.upstream.onvif;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import org.camgate.stream.UpstreamListener;
import org.camgate.stream.UpstreamSource;
import org.camgate.upstream.RtspCameraSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Pulls a camera added by ONVIF address: each session first resolves the stream URI (the first from the cache,
 * every reconnect asks the camera again, falling back to the last known URI when ONVIF fails), off the event
 * loop, then opens an ordinary RTSP session to it. A failed resolution ends the session with the reason, so the
 * stream's reconnect backoff applies.
 */
public final class OnvifCameraSource implements UpstreamSource {
    private static final Logger log = LoggerFactory.getLogger(OnvifCameraSource.class);

    /** How an RTSP source is built for a resolved stream. */
    interface RtspFactory {
        UpstreamSource create(ResolvedStream stream);
    }

    private final String cameraId;
    private final Supplier<CompletableFuture<ResolvedStream>> cached;
    private final Supplier<CompletableFuture<ResolvedStream>> refreshed;
    private final RtspFactory rtsp;
    private boolean first = true;

    OnvifCameraSource(String cameraId, Supplier<CompletableFuture<ResolvedStream>> cached,
                      Supplier<CompletableFuture<ResolvedStream>> refreshed, RtspFactory rtsp) {
        this.cameraId = cameraId;
        this.cached = cached;
        this.refreshed = refreshed;
        this.rtsp = rtsp;
    }

    /** An RTSP factory with the camera's stream options. */
    static RtspFactory rtsp(String cameraId, boolean keepAudio, boolean udp, boolean allowBasic, Duration timeout,
                            Bootstrap bootstrap) {
        return s -> new RtspCameraSource(cameraId, s.uri(), s.credentials().withAllowBasic(allowBasic), keepAudio, udp,
                timeout, bootstrap);
    }

    @Override
    public UpstreamSession open(EventLoop loop, UpstreamListener listener) {
        // Called on the stream's loop only, so first needs no lock.
        CompletableFuture<ResolvedStream> resolution = first ? cached.get() : refreshed.get();
        first = false;
        Session session = new Session(loop, listener);
        resolution.whenComplete((stream, error) -> {
            try {
                loop.execute(() -> session.resolved(stream, error));
            } catch (RejectedExecutionException stopped) {
                log.debug("camera {}: resolved after shutdown", cameraId);
            }
        });
        return session;
    }

    private final class Session implements UpstreamSession {
        private final EventLoop loop;
        private final UpstreamListener listener;
        private boolean closed;
        private UpstreamSession rtspSession;

        Session(EventLoop loop, UpstreamListener listener) {
            this.loop = loop;
            this.listener = listener;
        }

        void resolved(ResolvedStream stream, Throwable error) {
            if (closed) {
                return;
            }
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                // The stream's log line names the camera already.
                String prefix = "camera " + cameraId + ": ";
                listener.onClosed(reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
                return;
            }
            rtspSession = rtsp.create(stream).open(loop, listener);
        }

        @Override
        public void close() {
            closed = true;
            if (rtspSession != null) {
                rtspSession.close();
                rtspSession = null;
            }
        }
    }
}
