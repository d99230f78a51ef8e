package org.camgate.sim.onvif;

import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import org.apache.cxf.Bus;
import org.apache.cxf.transport.http.netty.server.NettyHttpHandler;
import org.apache.cxf.transport.http.netty.server.NettyHttpServerEngine;

import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.concurrent.TimeUnit;

/**
 * CXF's Netty HTTP server engine for one simulated device, bound before endpoints are published so that port 0
 * works: {@link #bind()} starts the server through a placeholder servant and reads back the port.
 */
final class SimOnvifEngine extends NettyHttpServerEngine {
    private static final String PLACEHOLDER = "/.camgate-bind";
    private volatile Channel channel;

    SimOnvifEngine(String host, int port, Bus bus, int threads) {
        super(host, port, bus);
        setBossGroup(new NioEventLoopGroup(1, new DefaultThreadFactory("sim-onvif-accept", true)));
        setWorkerGroup(new NioEventLoopGroup(1, new DefaultThreadFactory("sim-onvif-io", true)));
        // Ordered per connection (an unordered executor can run a flush before its write: the answer never leaves).
        // A connection held by a PullMessages long poll blocks only the connections sharing its thread, so many.
        setApplicationExecutor(new DefaultEventExecutorGroup(threads, new DefaultThreadFactory("sim-onvif", true)));
        // PullMessages waits up to a minute: idle limits above that.
        setReadIdleTime(120);
        setWriteIdleTime(120);
        setMaxChunkContentSize(256 * 1024);
    }

    @Override
    protected Channel startServer() {
        channel = super.startServer();
        if (channel == null) {
            throw new IllegalStateException("bind interrupted");
        }
        return channel;
    }

    /** Binds and returns the port. */
    int bind() {
        try {
            URL placeholder = new URL("http", getHost(), getPort(), PLACEHOLDER);
            addServant(placeholder, new NettyHttpHandler(null, true));
            removeServant(placeholder);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("host: " + getHost(), e);
        }
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        setPort(port);
        return port;
    }

    void awaitStopped() {
        getBossGroup().terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        getWorkerGroup().terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        getApplicationExecutor().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
