package org.camgate.clip;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.camgate.access.AccessPolicy;
import org.camgate.access.Admission;
import org.camgate.access.ConnectionLimiter;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.common.net.HostPort;
import org.camgate.net.TcpListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clips HTTP listener ({@code clips.listen}): search and download of clips with Digest authentication (the RTSP
 * users), the access policy at accept and for every clip's camera, Range requests. Bounded: 64 connections (16 per
 * address), request bodies only up to 16 KB (an export's form), 4 KB request line, 8 KB headers, 30 s without
 * traffic closes a connection (not while its export is being made).
 */
public final class ClipHttpServer {
    private static final Logger log = LoggerFactory.getLogger(ClipHttpServer.class);
    static final int MAX_CONNECTIONS = 64;
    private static final int MAX_PER_ADDRESS = 16;
    private static final int IDLE_SECONDS = 30;
    /** The largest request body: an export's form (masks and reason). */
    static final int MAX_BODY = 16 * 1024;

    private final Admission admission;
    private final ClipService clips;
    private final ReaderAuthenticator authenticator;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("clips", GlobalEventExecutor.INSTANCE);
    private final TcpListener listener;

    public ClipHttpServer(HostPort listen, ClipService clips, ReaderAuthenticator authenticator, AccessPolicy policy,
                          AuditLog audit, Clock clock, EventLoopGroup boss, EventLoopGroup workers) {
        this.listener = new TcpListener(listen, "clips.listen");
        this.admission = new Admission(Protocol.CLIPS, policy, new ConnectionLimiter(MAX_CONNECTIONS, MAX_PER_ADDRESS));
        this.clips = clips;
        this.authenticator = authenticator;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.boss = boss;
        this.workers = workers;
    }

    /** Binds; fails naming the address that could not be bound. */
    public void start() {
        InetSocketAddress bound = listener.bind(boss, workers, this::accept);
        log.info("clips on http://{}:{}/clips", bound.getAddress().getHostAddress(), bound.getPort());
    }

    private void accept(SocketChannel ch) {
        if (!admission.admit(ch)) {
            return;
        }
        channels.add(ch);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast("http-codec", new HttpServerCodec(4096, 8192, 8192))
                .addLast("http-aggregator", new HttpObjectAggregator(MAX_BODY))
                .addLast("clips", new ClipRequestHandler(clips, authenticator, policy, audit, clock));
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    public void stop() {
        listener.close();
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
