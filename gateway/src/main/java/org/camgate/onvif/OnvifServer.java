package org.camgate.onvif;

import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.netty.server.NettyHttpHandler;
import org.apache.cxf.transport.http.netty.server.NettyHttpServerEngine;
import org.apache.cxf.transport.http.netty.server.NettyHttpServerEngineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's ONVIF HTTP server: CXF JAX-WS endpoints for Device, Media, Media2, Events and
 * PullPoint subscriptions on CXF's Netty transport, plus the snapshot handler, on one port.
 * {@link #start()} binds (port 0 picks a free port; {@link #address()} tells which);
 * {@link #stop()} is idempotent.
 */
public final class OnvifServer {
    private static final Logger log = LoggerFactory.getLogger(OnvifServer.class);
    /** Largest SOAP request accepted (HTTP 413 beyond). ONVIF requests are a few kB. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    /** Endpoint path and implementation. */
    public record Service(String path, Object implementor, boolean addressing, Class<?>... extraTypes) {
    }

    private final String host;
    private final int port;
    private final List<Service> services;
    private final List<Interceptor<? extends Message>> inInterceptors;
    private final NettyHttpHandler snapshots;
    private final int threads;
    private Bus bus;
    private BoundEngine engine;
    private final List<Server> servers = new ArrayList<>();
    private InetSocketAddress bound;

    /**
     * @param threads how many requests may run at once (each PullMessages long poll holds one)
     */
    public OnvifServer(String host, int port, List<Service> services, List<Interceptor<? extends Message>> inInterceptors,
                       NettyHttpHandler snapshots, int threads) {
        this.host = host;
        this.port = port;
        this.services = List.copyOf(services);
        this.inInterceptors = List.copyOf(inInterceptors);
        this.snapshots = snapshots;
        this.threads = threads;
    }

    public synchronized void start() {
        if (bound != null) {
            return;
        }
        try {
            bus = BusFactory.newInstance().createBus();
            engine = new BoundEngine(host, port, bus);
            // Clients long-poll PullMessages for up to 60 s: idle limits must be longer.
            engine.setReadIdleTime(180);
            engine.setWriteIdleTime(180);
            engine.setMaxChunkContentSize(MAX_REQUEST_BYTES);
            // CXF pins each connection to one of these threads (its handler flushes in channelReadComplete,
            // so calls of one connection must stay ordered). A PullMessages long poll holds its thread,
            // so there are many more threads than subscriptions; threads start only when first used.
            engine.setApplicationExecutor(new io.netty.util.concurrent.DefaultEventExecutorGroup(threads,
                    new DefaultThreadFactory("onvif")));
            engine.addServant(url(port, ServicePaths.SNAPSHOT), snapshots);
            int actualPort = ((InetSocketAddress) engine.channel().localAddress()).getPort();
            engine.setPort(actualPort);
            bus.getExtension(NettyHttpServerEngineFactory.class).setEnginesList(List.of(engine));
            bound = new InetSocketAddress(((InetSocketAddress) engine.channel().localAddress()).getAddress(), actualPort);
            for (Service s : services) {
                servers.add(publish(s, actualPort));
            }
            log.info("ONVIF device service on http://{}{}", org.camgate.Gateway.hostPort(bound), ServicePaths.DEVICE);
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("cannot serve ONVIF on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private Server publish(Service s, int actualPort) {
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setBus(bus);
        f.setServiceBean(s.implementor());
        f.setAddress(url(actualPort, s.path()).toString());
        Map<String, Object> props = new HashMap<>(XmlLimits.properties());
        props.put("soap.env.ns.map", Map.of(
                "tt", "http://www.onvif.org/ver10/schema",
                "tns1", org.camgate.onvif.events.Topics.TNS1,
                "cg", org.camgate.onvif.events.Topics.VENDOR,
                "wsnt", "http://docs.oasis-open.org/wsn/b-2",
                "wstop", "http://docs.oasis-open.org/wsn/t-1"));
        if (s.extraTypes().length > 0) {
            props.put("jaxb.additionalContextClasses", s.extraTypes());
        }
        f.setProperties(props);
        f.getInInterceptors().add(new IgnoreSoapActionInterceptor());
        f.getInInterceptors().add(new UnknownOperationInterceptor());
        f.getInInterceptors().addAll(inInterceptors);
        f.getOutFaultInterceptors().add(new XmlLimits.FaultLogger());
        return f.create();
    }

    private URL url(int p, String path) {
        try {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return new URL("http://" + h + ":" + p + path);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad ONVIF listen address " + host + ":" + p, e);
        }
    }

    /** The bound address; null before start. */
    public synchronized InetSocketAddress address() {
        return bound;
    }

    public synchronized void stop() {
        for (Server s : servers) {
            try {
                s.destroy();
            } catch (RuntimeException e) {
                log.debug("ONVIF endpoint did not stop cleanly: {}", e.toString());
            }
        }
        servers.clear();
        if (engine != null) {
            if (bound != null) {
                NettyHttpServerEngineFactory.destroyForPort(bound.getPort());
            }
            engine.shutdown();
            engine.awaitStopped();
            engine = null;
        }
        // The bus is not shut down: CXF's engine factory would then stop every Netty engine in this JVM.
        bus = null;
        bound = null;
    }

    /**
     * CXF's Netty servlet handler never releases the aggregated request it reads (a pooled buffer
     * leak). Each accepted connection gets a handler just before it that hands on a heap copy of the
     * request (garbage collected) and releases the pooled original.
     */
    @io.netty.channel.ChannelHandler.Sharable
    static final class RequestCopierInstaller extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.pipeline().addFirst("request-copier-relocator", new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(io.netty.channel.ChannelHandlerContext c) {
                        if (c.pipeline().get("handler") != null) {
                            c.pipeline().addBefore("handler", "request-copier", RequestCopier.INSTANCE);
                        }
                        c.pipeline().remove(this);
                        c.fireChannelActive();
                    }
                });
            }
            ctx.fireChannelRead(msg);
        }
    }

    @io.netty.channel.ChannelHandler.Sharable
    static final class RequestCopier extends io.netty.channel.ChannelInboundHandlerAdapter {
        static final RequestCopier INSTANCE = new RequestCopier();

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.FullHttpRequest request) {
                try {
                    byte[] body = io.netty.buffer.ByteBufUtil.getBytes(request.content());
                    ctx.fireChannelRead(request.replace(io.netty.buffer.Unpooled.wrappedBuffer(body)));
                } finally {
                    request.release();
                }
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** CXF's Netty engine, remembering its server channel so that a port-0 bind can be read back. */
    static final class BoundEngine extends NettyHttpServerEngine {
        private volatile Channel channel;

        BoundEngine(String host, int port, Bus bus) {
            super(host, port, bus);
            setBossGroup(new io.netty.channel.nio.NioEventLoopGroup(1, new DefaultThreadFactory("onvif-accept")));
            setWorkerGroup(new io.netty.channel.nio.NioEventLoopGroup(2, new DefaultThreadFactory("onvif-io")));
        }

        @Override
        protected Channel startServer() {
            channel = super.startServer();
            if (channel == null) {
                throw new IllegalStateException("bind interrupted");
            }
            channel.pipeline().addFirst("request-copier-installer", new RequestCopierInstaller());
            return channel;
        }

        Channel channel() {
            return channel;
        }

        void awaitStopped() {
            getBossGroup().terminationFuture().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
            getWorkerGroup().terminationFuture().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
