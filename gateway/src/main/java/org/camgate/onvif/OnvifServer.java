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
import org.camgate.access.Admission;
import org.camgate.common.net.HostPort;
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
 * Every accepted connection first passes the {@link Admission} (the access policy's network rules and the
 * connection limits) and is closed at once when refused; until every service is published, requests are answered
 * 503 (see {@link OnvifHttpGate}). {@link #start()} binds (port 0 picks a free port; {@link #address()} tells which);
 * {@link #stop()} is idempotent.
 */
public final class OnvifServer {
    private static final Logger log = LoggerFactory.getLogger(OnvifServer.class);
    /** Largest SOAP request accepted (HTTP 413 beyond). ONVIF requests are a few kB. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    /** The name of the response compressor CXF's Netty transport adds to each connection's pipeline. */
    static final String CXF_COMPRESSOR = "deflater";

    /** Endpoint path and implementation. */
    public record Service(String path, Object implementor, boolean addressing, Class<?>... extraTypes) {
    }

    private final String host;
    private final int port;
    private final List<Service> services;
    private final List<Interceptor<? extends Message>> inInterceptors;
    private final NettyHttpHandler snapshots;
    private final int threads;
    private final Admission admission;
    private final java.util.function.Supplier<io.netty.channel.ChannelHandler> fastPath;
    private volatile boolean ready;
    private Runnable beforePublish = () -> { };
    private Bus bus;
    private BoundEngine engine;
    private final List<Server> servers = new ArrayList<>();
    private InetSocketAddress bound;

    public OnvifServer(String host, int port, List<Service> services, List<Interceptor<? extends Message>> inInterceptors,
                       NettyHttpHandler snapshots, int threads, Admission admission) {
        this(host, port, services, inInterceptors, snapshots, threads, admission, null);
    }

    /**
     * @param threads   how many CXF requests may run at once
     * @param admission decides at accept (network rules, connection limits)
     * @param fastPath  makes each connection's {@link OnvifFastPath} handler (hot operations answered without CXF), or
     *                  null for none
     */
    OnvifServer(String host, int port, List<Service> services, List<Interceptor<? extends Message>> inInterceptors,
                NettyHttpHandler snapshots, int threads, Admission admission,
                java.util.function.Supplier<io.netty.channel.ChannelHandler> fastPath) {
        this.fastPath = fastPath;
        this.host = host;
        this.port = port;
        this.services = List.copyOf(services);
        this.inInterceptors = List.copyOf(inInterceptors);
        this.snapshots = snapshots;
        this.threads = threads;
        this.admission = admission;
    }

    /** Test hook: runs on the starting thread once the port is bound, before the services are published. */
    synchronized void beforePublish(Runnable hook) {
        this.beforePublish = hook;
    }

    public synchronized void start() {
        if (bound != null) {
            return;
        }
        try {
            bus = BusFactory.newInstance().createBus();
            // The ONVIF WSDLs carry no WS-Policy, yet CXF's policy engine (on the class path through WS-Addressing)
            // sets up its interceptors on every message: a tenth of each call's CPU. Off.
            org.apache.cxf.ws.policy.PolicyEngine policies = bus.getExtension(org.apache.cxf.ws.policy.PolicyEngine.class);
            if (policies != null) {
                policies.setEnabled(false);
            }
            ready = false;
            engine = new BoundEngine(host, port, bus, new DoorInstaller());
            // Clients long-poll PullMessages for up to 60 s: idle limits must be longer.
            engine.setReadIdleTime(180);
            engine.setWriteIdleTime(180);
            engine.setMaxChunkContentSize(MAX_REQUEST_BYTES);
            // CXF pins each connection to one of these threads (its handler flushes in channelReadComplete,
            // so calls of one connection must stay ordered). PullMessages long polls are answered by the
            // OnvifFastPath on the event loops and hold none; threads start only when first used.
            engine.setApplicationExecutor(new io.netty.util.concurrent.DefaultEventExecutorGroup(threads,
                    new DefaultThreadFactory("onvif")));
            engine.addServant(url(port, ServicePaths.SNAPSHOT), snapshots);
            int actualPort = ((InetSocketAddress) engine.channel().localAddress()).getPort();
            engine.setPort(actualPort);
            bus.getExtension(NettyHttpServerEngineFactory.class).setEnginesList(List.of(engine));
            bound = new InetSocketAddress(((InetSocketAddress) engine.channel().localAddress()).getAddress(), actualPort);
            beforePublish.run();
            for (Service s : services) {
                servers.add(publish(s, actualPort));
            }
            ready = true;
            log.info("ONVIF device service on http://{}{}", HostPort.format(bound), ServicePaths.DEVICE);
        } catch (Exception e) { // Netty rethrows a bind's checked exception unchecked
            stop();
            throw org.camgate.config.ListenFailure.of(HostPort.format(host, port),
                    "onvif.listen", e);
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
            return new URL("http://" + HostPort.format(host, p) + path);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad ONVIF listen address " + host + ":" + p, e);
        }
    }

    /** The bound address; null before start. */
    public synchronized InetSocketAddress address() {
        return bound;
    }

    public synchronized void stop() {
        ready = false;
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

    /** Whether a request path is one the server answers (a service, a subscription, a snapshot). */
    private boolean served(String path) {
        if (path.startsWith(ServicePaths.SNAPSHOT + "/")) {
            return true;
        }
        for (Service s : services) {
            if (path.equals(s.path()) || path.startsWith(s.path() + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * On the listening channel, before it is registered (so before it can accept): gives every accepted connection
     * its {@link ChildDoor}.
     */
    @io.netty.channel.ChannelHandler.Sharable
    private final class DoorInstaller extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.pipeline().addFirst("onvif-door", new ChildDoor());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * First in an accepted connection's pipeline: when it is registered (CXF's handlers are in place, nothing has
     * been read), the access policy's network rules and the connection limits; a refused connection is closed at
     * once (the policy audits it). An admitted one loses CXF's response compressor and gets its {@link OnvifHttpGate}
     * just before CXF's handler.
     */
    private final class ChildDoor extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRegistered(io.netty.channel.ChannelHandlerContext c) {
            c.pipeline().remove(this);
            if (!admission.admit(c.channel())) {
                return;
            }
            if (c.pipeline().get("handler") == null) {
                log.error("ONVIF connection without CXF's servlet handler (pipeline {}); closing it", c.pipeline().names());
                c.channel().close();
                return;
            }
            // CXF puts an HttpContentCompressor in every pipeline: it turns answers into chunked gzip for clients
            // that offer gzip, which ONVIF clients written for cameras (libonvif) cannot read. SOAP answers are small.
            if (c.pipeline().get(CXF_COMPRESSOR) != null) {
                c.pipeline().remove(CXF_COMPRESSOR);
            }
            c.pipeline().addBefore("handler", "onvif-gate", new OnvifHttpGate(() -> ready, OnvifServer.this::served));
            if (fastPath != null) {
                c.pipeline().addBefore("handler", "onvif-fast", fastPath.get());
            }
            c.fireChannelRegistered();
        }
    }

    /** The accepting event loop group: puts the {@link DoorInstaller} on the listening channel before it binds. */
    private static final class DoorBossGroup extends io.netty.channel.nio.NioEventLoopGroup {
        private final io.netty.channel.ChannelHandler installer;

        DoorBossGroup(io.netty.channel.ChannelHandler installer) {
            super(1, new DefaultThreadFactory("onvif-accept"));
            this.installer = installer;
        }

        @Override
        public io.netty.channel.ChannelFuture register(Channel channel) {
            if (channel instanceof io.netty.channel.ServerChannel) {
                channel.pipeline().addFirst("onvif-door-installer", installer);
            }
            return super.register(channel);
        }
    }

    /** CXF's Netty engine, remembering its server channel so that a port-0 bind can be read back. */
    static final class BoundEngine extends NettyHttpServerEngine {
        private volatile Channel channel;

        BoundEngine(String host, int port, Bus bus, io.netty.channel.ChannelHandler doorInstaller) {
            super(host, port, bus);
            setBossGroup(new DoorBossGroup(doorInstaller));
            setWorkerGroup(new io.netty.channel.nio.NioEventLoopGroup(2, new DefaultThreadFactory("onvif-io")));
        }

        @Override
        protected Channel startServer() {
            channel = super.startServer();
            if (channel == null) {
                throw new IllegalStateException("bind interrupted");
            }
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
