package org.camgate.sim.camera;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import org.camgate.protocol.rtsp.InterleavedFrame;
import org.camgate.protocol.rtsp.RtspLimits;
import org.camgate.protocol.rtsp.RtspMessageDecoder;
import org.camgate.protocol.rtsp.RtspMessageEncoder;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare RTSP client for tests: sends requests, queues responses and interleaved frames as they come. */
final class RawRtspClient implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final Channel channel;
    private int cseq;

    RawRtspClient(String host, int port) {
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RtspMessageDecoder(RtspLimits.CLIENT), new RtspMessageEncoder(),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        received.add(msg);
                                    }
                                });
                    }
                }).connect(host, port).syncUninterruptibly().channel();
    }

    /** Sends a request and waits for its response, releasing media frames that arrive before it. */
    FullHttpResponse request(HttpMethod method, String uri, String... headers) throws InterruptedException {
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri, Unpooled.EMPTY_BUFFER);
        request.headers().set("CSeq", ++cseq);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        channel.writeAndFlush(request).syncUninterruptibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Object msg = received.poll(100, TimeUnit.MILLISECONDS);
            if (msg instanceof FullHttpResponse response) {
                return response;
            }
            ReferenceCountUtil.release(msg);
        }
        throw new AssertionError("no response to " + method + " " + uri);
    }

    /** Sends a request without waiting for an answer. */
    void send(HttpMethod method, String uri, String... headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri, Unpooled.EMPTY_BUFFER);
        request.headers().set("CSeq", ++cseq);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        channel.writeAndFlush(request).syncUninterruptibly();
    }

    /** The next interleaved frame on any channel, releasing responses; null on timeout. */
    InterleavedFrame nextAnyFrame(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            Object msg = received.poll(10, TimeUnit.MILLISECONDS);
            if (msg instanceof InterleavedFrame frame) {
                return frame;
            }
            ReferenceCountUtil.release(msg);
        }
        return null;
    }

    /** The next interleaved frame on {@code wanted}, releasing others; null on timeout. */
    InterleavedFrame nextFrame(int wanted, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            Object msg = received.poll(50, TimeUnit.MILLISECONDS);
            if (msg instanceof InterleavedFrame frame && frame.channel() == wanted) {
                return frame;
            }
            ReferenceCountUtil.release(msg);
        }
        return null;
    }

    boolean awaitClosed(long timeoutMillis) {
        return channel.closeFuture().awaitUninterruptibly(timeoutMillis);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        Object msg;
        while ((msg = received.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
