package org.camgate.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one status request; shared by every connection (it holds no per-connection state). */
@ChannelHandler.Sharable
final class StatusRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(StatusRequestHandler.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final StatusBoard board;
    private final PrometheusMeterRegistry metrics;
    private final ObjectMapper json;
    private final PageRoutes page;

    StatusRequestHandler(StatusBoard board, PrometheusMeterRegistry metrics, ObjectMapper json, PageRoutes page) {
        this.board = board;
        this.metrics = metrics;
        this.json = json;
        this.page = page;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws JsonProcessingException {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            boolean tooLong = decoded.cause() instanceof TooLongFrameException;
            send(ctx, request, tooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST,
                    "text/plain; charset=utf-8", "bad request\n", false);
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "only GET\n", true);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (page.handles(path)) {
            page.answer(ctx, request, path);
            return;
        }
        switch (path) {
            case "/status" -> send(ctx, request, HttpResponseStatus.OK, "application/json",
                    json.writeValueAsString(board.snapshot()) + "\n", true);
            case "/metrics" -> send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT, metrics.scrape(), true);
            case "/health" -> {
                HealthReport health = board.health();
                send(ctx, request, health.down() ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK,
                        "application/json", json.writeValueAsString(health.json()) + "\n", true);
            }
            default -> send(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "not found (try /, /status, /metrics or /health)\n", true);
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                             String contentType, String body, boolean keepAlive) {
        send(ctx, request.method().equals(HttpMethod.HEAD), keepAlive && HttpUtil.isKeepAlive(request), status,
                contentType, body.getBytes(StandardCharsets.UTF_8), new DefaultHttpHeaders());
    }

    /**
     * Sends a complete answer with {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}
     * unless {@code extra} sets them otherwise.
     */
    static void send(ChannelHandlerContext ctx, boolean head, boolean keep, HttpResponseStatus status,
                     String contentType, byte[] bytes, HttpHeaders extra) {
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff")
                .setAll(extra);
        HttpUtil.setKeepAlive(response, keep);
        var future = ctx.writeAndFlush(response);
        if (!keep) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A browser keeps idle connections open: the read timeout closing them is routine.
        if (!(cause instanceof IOException) && !(cause instanceof ReadTimeoutException)) {
            log.warn("status request from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
