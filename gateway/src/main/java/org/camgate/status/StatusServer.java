package org.camgate.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
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
 * A small read-only HTTP server for operators and monitoring: {@code GET /status} (JSON from the
 * {@link StatusBoard}), {@code GET /metrics} (Prometheus text), {@code GET /health}, and the status page at
 * {@code GET /} (its access log at {@code /access}, after an admin login; see {@link PageRoutes}). Listens only when
 * configured; the access policy decides at accept (network rules); requests are bounded (no bodies, 4 KB request
 * line, 8 KB headers, 64 connections, 10 s read timeout).
 */
public final class StatusServer {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    static final int MAX_CONNECTIONS = 64;
    private static final int MAX_PER_ADDRESS = 16;
    private static final int READ_TIMEOUT_SECONDS = 10;

    private final Admission admission;
    private final StatusRequestHandler handler;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("status", GlobalEventExecutor.INSTANCE);
    private final TcpListener listener;

    /**
     * @param page  what the status page at {@code /} shows
     * @param login HTTP Digest with the gateway's users (per-resource {@code uri} match), for the page's access log
     * @param audit where failed logins are written
     */
    public StatusServer(HostPort listen, AccessPolicy policy, StatusBoard board, PrometheusMeterRegistry metrics,
                        PageSources page, ReaderAuthenticator login, AuditLog audit, EventLoopGroup boss,
                        EventLoopGroup workers) {
        this.listener = new TcpListener(listen, "status.listen");
        this.admission = new Admission(Protocol.STATUS, policy, new ConnectionLimiter(MAX_CONNECTIONS, MAX_PER_ADDRESS));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Clock clock = Clock.systemUTC();
        this.handler = new StatusRequestHandler(board, metrics, json, new PageRoutes(new StatusPage(page, clock),
                new AdminLogin(login, policy, audit, clock)));
        this.boss = boss;
        this.workers = workers;
    }

    /** Binds; fails naming the address that could not be bound. */
    public void start() {
        InetSocketAddress bound = listener.bind(boss, workers, this::accept);
        log.info("status page on http://{}:{}/ (JSON at /status, Prometheus at /metrics)",
                bound.getAddress().getHostAddress(), bound.getPort());
    }

    private void accept(SocketChannel ch) {
        if (!admission.admit(ch)) {
            return;
        }
        channels.add(ch);
        ch.pipeline()
                .addLast("read-timeout", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .addLast("http-codec", new HttpServerCodec(4096, 8192, 8192))
                .addLast("http-aggregator", new HttpObjectAggregator(0))
                .addLast("status", handler);
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    public void stop() {
        listener.close();
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
