package org.camgate.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.Objects;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.UpstreamListener;
import org.camgate.stream.UpstreamSource;

/**
 * An {@link UpstreamSource} that tells a {@link SessionObserver} how its sessions go, and passes everything else
 * through unchanged: the camera's state is watched without the stream knowing.
 */
public final class WatchedSource implements UpstreamSource {
    private final UpstreamSource source;
    private final SessionObserver observer;

    public WatchedSource(UpstreamSource source, SessionObserver observer) {
        this.source = Objects.requireNonNull(source, "source");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public UpstreamSession open(EventLoop loop, UpstreamListener listener) {
        observer.opening();
        Watched watched = new Watched(listener);
        UpstreamSession session = source.open(loop, watched);
        return () -> {
            if (!watched.ended) {
                watched.ended = true;
                observer.closedByGateway();
            }
            session.close();
        };
    }

    /** Passes the session's events on; all calls arrive on the stream's loop. */
    private final class Watched implements UpstreamListener {
        private final UpstreamListener listener;
        private boolean ended;

        Watched(UpstreamListener listener) {
            this.listener = listener;
        }

        @Override
        public void onPlaying(StreamDescription description) {
            if (!ended) {
                observer.playing(description);
            }
            listener.onPlaying(description);
        }

        @Override
        public void onRtp(int track, ByteBuf rtp) {
            listener.onRtp(track, rtp);
        }

        @Override
        public void onRtcp(int track, ByteBuf rtcp) {
            listener.onRtcp(track, rtcp);
        }

        @Override
        public void onClosed(String reason) {
            if (!ended) {
                ended = true;
                observer.failed(reason);
            }
            listener.onClosed(reason);
        }
    }
}
