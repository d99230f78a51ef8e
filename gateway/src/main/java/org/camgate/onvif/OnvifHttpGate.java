package org.camgate.onvif;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One ONVIF connection's HTTP gate, just before CXF's servlet handler (on the connection's event loop):
 * <ul>
 *   <li>until every service is published, each request gets 503 with a SOAP fault and {@code Retry-After}, never
 *       CXF's empty 200 of a path it does not serve yet; after that, a path no service or snapshot serves gets 404
 *       with a SOAP fault;</li>
 *   <li>hands CXF a heap copy of each request and releases the pooled original (CXF's Netty servlet handler never
 *       releases the request it reads, a pooled buffer leak);</li>
 *   <li>frames every answer so that any client can read it: CXF's servlet handler buffers each answer whole but
 *       gives it a {@code Content-Length} only on a keep-alive connection (otherwise it marks the end by closing);
 *       here every answer gets its {@code Content-Length}, the answers after which CXF closes (those it did not
 *       mark {@code Connection: keep-alive}) say {@code Connection: close}, and header names are written as cameras
 *       write them ({@code Content-Length}, not {@code content-length});</li>
 *   <li>closes the connection after a response marked with {@link OnvifChannels#closeAfter};</li>
 *   <li>holds a response marked with {@link OnvifChannels#answerLate} for its delay, on a timer: no thread waits,
 *       the connection reads nothing more until it is out, and answers keep their order (pipelined requests'
 *       delays add up).</li>
 * </ul>
 */
final class OnvifHttpGate extends ChannelDuplexHandler {
    /** The longest a response is held, whatever asks for more. */
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    static final String STARTING = fault("env:Receiver", "the ONVIF service is starting; retry shortly");

    private record Held(Object message, ChannelPromise promise) {
    }

    private final BooleanSupplier ready;
    private final Predicate<String> served;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private boolean holding;

    OnvifHttpGate(BooleanSupplier ready, Predicate<String> served) {
        this.ready = ready;
        this.served = served;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!ready.getAsBoolean()) {
                FullHttpResponse response = response(HttpResponseStatus.SERVICE_UNAVAILABLE, STARTING);
                response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                send(ctx, response, true);
                return;
            }
            String uri = request.uri();
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            if (!served.test(path)) {
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                FullHttpResponse response = response(HttpResponseStatus.NOT_FOUND,
                        fault("env:Sender", "no ONVIF service at this path"));
                if (!keepAlive) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                }
                send(ctx, response, !keepAlive);
                return;
            }
            byte[] body = ByteBufUtil.getBytes(request.content());
            ctx.fireChannelRead(request.replace(Unpooled.wrappedBuffer(body)));
        } finally {
            request.release();
        }
    }

    private void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        frame(response);
        ChannelPromise promise = ctx.newPromise();
        if (close) {
            promise.addListener(ChannelFutureListener.CLOSE);
        }
        if (holding) {
            held.add(new Held(response, promise));
        } else {
            ctx.writeAndFlush(response, promise);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse response && response.headers().contains(OnvifChannels.CLOSE_AFTER)) {
            response.headers().remove(OnvifChannels.CLOSE_AFTER);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            promise = promise.unvoid();
            promise.addListener(ChannelFutureListener.CLOSE);
        }
        if (msg instanceof FullHttpResponse response) {
            frame(response);
        }
        if (holding) {
            held.add(new Held(msg, promise));
            return;
        }
        if (msg instanceof FullHttpResponse response && response.headers().contains(OnvifChannels.ANSWER_LATE)) {
            long delay = lateMillis(response.headers().get(OnvifChannels.ANSWER_LATE));
            response.headers().remove(OnvifChannels.ANSWER_LATE);
            if (delay > 0) {
                holding = true;
                held.addFirst(new Held(msg, promise)); // first: release() may be going through later answers
                ctx.channel().config().setAutoRead(false);
                ctx.executor().schedule(() -> release(ctx), delay, TimeUnit.MILLISECONDS);
                return;
            }
        }
        ctx.write(msg, promise);
    }

    /**
     * Gives a whole answer its length and, when CXF will close the connection after it, says so. Idempotent (a held
     * answer passes here twice).
     */
    static void frame(FullHttpResponse response) {
        HttpHeaders headers = response.headers();
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        // Netty and CXF write header names in lower case, which HTTP allows; clients written for cameras look for
        // "Content-Length:" as cameras write it (libonvif finds no reply otherwise).
        List<Map.Entry<String, String>> entries = headers.entries();
        headers.clear();
        for (Map.Entry<String, String> e : entries) {
            headers.add(canonical(e.getKey()), e.getValue());
        }
    }

    /** A header name as cameras and most servers write it: {@code Content-Length}, {@code WWW-Authenticate}. */
    static String canonical(String name) {
        if (name.equalsIgnoreCase("WWW-Authenticate")) {
            return "WWW-Authenticate";
        }
        StringBuilder b = new StringBuilder(name.length());
        boolean start = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == '-';
        }
        return b.toString();
    }

    private static long lateMillis(String value) {
        try {
            return Math.min(Long.parseLong(value), MAX_DELAY.toMillis());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!holding) {
            ctx.flush();
        }
    }

    private void release(ChannelHandlerContext ctx) {
        holding = false;
        if (!ctx.channel().isActive()) {
            drop();
            return;
        }
        Held h;
        while (!holding && (h = held.poll()) != null) {
            write(ctx, h.message(), h.promise());
        }
        ctx.flush();
        if (!holding) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        drop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        drop();
    }

    private void drop() {
        Held h;
        while ((h = held.poll()) != null) {
            ReferenceCountUtil.release(h.message());
            h.promise().tryFailure(new ClosedChannelException());
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/soap+xml; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    /** A SOAP 1.2 fault envelope with {@code code} and a reason. */
    static String fault(String code, String reason) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\">"
                + "<env:Body><env:Fault><env:Code><env:Value>" + code + "</env:Value></env:Code>"
                + "<env:Reason><env:Text xml:lang=\"en\">" + reason + "</env:Text></env:Reason>"
                + "</env:Fault></env:Body></env:Envelope>";
    }
}
