package org.camgate.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.Action;
import org.camgate.access.Admission;
import org.camgate.access.Decision;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One clips connection: {@code GET /clips?camera=&from=&to=} (JSON list of the clips the user may see),
 * {@code GET /clips/{id}.mp4} and {@code /clips/{id}.jpg} (single Range requests: 206, 416), and for admin users
 * {@code POST /clips/{id}/export} (the clip re-encoded with masks, see {@link #export}). Digest authentication
 * as for RTSP (refusals during a login lockout answered late, on a timer); the clip's camera through the access
 * policy; every view audited ({@code clip-view}). File reads run on the clips' I/O threads, a piece at a time, the
 * next read once the last piece is written (the connection reads no new request meanwhile).
 */
final class ClipRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ClipRequestHandler.class);
    private static final Pattern FILE = Pattern.compile("/clips/([A-Za-z0-9_-]{1,100})\\.(mp4|jpg)");
    private static final Pattern EXPORT = Pattern.compile("/clips/([A-Za-z0-9_-]{1,100})/export");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final int PIECE = 256 * 1024;

    private final ClipService clips;
    private final ReaderAuthenticator authenticator;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private boolean exporting; // on the channel's loop

    ClipRequestHandler(ClipService clips, ReaderAuthenticator authenticator, AccessPolicy policy, AuditLog audit,
                       Clock clock) {
        this.clips = clips;
        this.authenticator = authenticator;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        if (request.decoderResult().isFailure()) {
            text(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request", false);
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path = query.path();
        Matcher export = EXPORT.matcher(path);
        boolean post = request.method().equals(HttpMethod.POST);
        if (export.matches() ? !post : !request.method().equals(HttpMethod.GET) && !head) {
            text(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    export.matches() ? "only POST (mask=...&reason=...)" : "only GET and HEAD", true);
            return;
        }
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        String remote = AuditEvent.formatRemote(peer);
        Matcher file = FILE.matcher(path);
        if (!path.equals("/clips") && !file.matches() && !export.matches()) {
            text(ctx, request, HttpResponseStatus.NOT_FOUND, "not found (try /clips?camera=ID&from=TIME&to=TIME)", true);
            return;
        }
        ReaderAuthenticator.Outcome outcome = authenticator.authenticate(request.method().name(), request.uri(), null,
                request.headers().get(HttpHeaderNames.AUTHORIZATION), peer.getAddress());
        if (outcome instanceof ReaderAuthenticator.Challenge c) {
            challenge(ctx, request, c, remote);
            return;
        }
        String user = ((ReaderAuthenticator.Granted) outcome).user();
        Admission.authenticated(ctx.channel());
        if (export.matches()) {
            export(ctx, request, export.group(1), peer, user);
            return;
        }
        if (!file.matches()) {
            search(ctx, request, query, peer, user);
            return;
        }
        ClipMeta clip = clips.store().get(file.group(1)).orElse(null);
        if (clip == null) {
            text(ctx, request, HttpResponseStatus.NOT_FOUND, "no such clip", true);
            return;
        }
        Decision decision = policy.decide(AccessRequest.camera(Protocol.CLIPS, peer, user, clip.camera()));
        if (!decision.allowed()) {
            boolean unknown = decision == Decision.UNKNOWN_CAMERA;
            text(ctx, request, unknown ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.FORBIDDEN,
                    unknown ? "no such clip" : decision.reason(), decision != Decision.ADDRESS_NOT_ALLOWED);
            return;
        }
        boolean snapshot = file.group(2).equals("jpg");
        String range = request.headers().get(HttpHeaderNames.RANGE);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ctx.channel().config().setAutoRead(false);
        try {
            clips.io().execute(() -> open(ctx, clip, snapshot, range, head, keepAlive, user, remote));
        } catch (RejectedExecutionException stopping) {
            ctx.close();
        }
    }

    /**
     * {@code POST /clips/{id}/export}: an admin user (the policy's {@link Action#ADMIN}) permitted for the clip's
     * camera gets the clip re-encoded with the masks asked for and the camera's privacy masks; audited as
     * {@code clip-export}. The connection reads nothing else meanwhile, and its idle timeout waits for the export.
     */
    private void export(ChannelHandlerContext ctx, FullHttpRequest request, String id, InetSocketAddress peer,
                        String user) {
        ClipMeta clip = clips.store().get(id).orElse(null);
        if (clip == null) {
            text(ctx, request, HttpResponseStatus.NOT_FOUND, "no such clip", true);
            return;
        }
        Decision admin = policy.decide(new AccessRequest(Protocol.CLIPS, peer, user, clip.camera(), Action.ADMIN));
        Decision decision = admin.allowed()
                ? policy.decide(AccessRequest.camera(Protocol.CLIPS, peer, user, clip.camera())) : admin;
        if (!decision.allowed()) {
            boolean unknown = decision == Decision.UNKNOWN_CAMERA;
            text(ctx, request, unknown ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.FORBIDDEN,
                    unknown ? "no such clip" : decision.reason(), decision != Decision.ADDRESS_NOT_ALLOWED);
            return;
        }
        ExportForm form;
        try {
            form = ExportForm.parse(request);
        } catch (IllegalArgumentException e) {
            text(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage(), true);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String remote = AuditEvent.formatRemote(peer);
        ctx.channel().config().setAutoRead(false);
        exporting = true;
        java.util.concurrent.CompletableFuture<ClipService.Export> made;
        try {
            made = clips.export(clip, form.masks(), form.blurFaces(), user, remote, form.reason());
        } catch (RejectedExecutionException busy) {
            exporting = false;
            ctx.channel().config().setAutoRead(true);
            text(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "another export is running; try again later", true);
            return;
        }
        made.whenComplete((done, failure) -> ctx.executor().execute(() -> {
            exporting = false;
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                log.warn("clip {}: export failed: {}", clip.id(), cause.toString());
                ctx.channel().config().setAutoRead(true);
                plain(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "export failed", keepAlive);
                return;
            }
            if (!ctx.channel().isActive()) {
                close(done.mp4());
                return;
            }
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "video/mp4")
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                    .set(HttpHeaderNames.CONTENT_LENGTH, done.mp4().length())
                    .set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"export-" + done.id() + ".mp4\"")
                    .set("X-Camgate-Export", done.id());
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.writeAndFlush(response);
            if (done.mp4().length() == 0) {
                close(done.mp4());
                ctx.channel().config().setAutoRead(true);
                finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
            } else {
                pump(ctx, done.mp4(), 0, done.mp4().length(), keepAlive);
            }
        }));
    }

    /** On an I/O thread: checks the clip, answers its headers, then sends the range a piece at a time. */
    private void open(ChannelHandlerContext ctx, ClipMeta clip, boolean snapshot, String range, boolean head,
                      boolean keepAlive, String user, String remote) {
        ClipReader reader;
        try {
            reader = clips.store().reader(clip, snapshot);
        } catch (IOException e) {
            log.warn("clip {} not served: {}", clip.id(), e.getMessage());
            ctx.executor().execute(() -> {
                ctx.channel().config().setAutoRead(true);
                plain(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "clip damaged or unreadable; not served", keepAlive);
            });
            return;
        }
        long length = reader.length();
        long[] span = range == null ? new long[] {0, length - 1} : range(range, length);
        HttpResponse response;
        if (span == null) {
            close(reader);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Unpooled.EMPTY_BUFFER);
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.executor().execute(() -> {
                ctx.channel().config().setAutoRead(true);
                finish(ctx, ctx.writeAndFlush(r), keepAlive);
            });
            return;
        }
        boolean partial = range != null && RANGE.matcher(range.strip()).matches();
        response = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        long count = span[1] - span[0] + 1;
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, snapshot ? "image/jpeg" : "video/mp4")
                .set(HttpHeaderNames.ACCEPT_RANGES, "bytes")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONTENT_LENGTH, count);
        if (partial) {
            response.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + span[0] + "-" + span[1] + "/" + length);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        clips.viewed(user, remote, clip, snapshot ? "jpg" : "mp4", head ? 0 : count);
        ctx.executor().execute(() -> {
            ctx.write(response);
            if (head || count == 0) {
                close(reader);
                ctx.channel().config().setAutoRead(true);
                finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
            } else {
                ctx.flush();
                pump(ctx, reader, span[0], span[1] + 1, keepAlive);
            }
        });
    }

    /** Reads {@code [at, end)} a piece at a time on an I/O thread, writing each when the last is out. */
    private void pump(ChannelHandlerContext ctx, ClipReader reader, long at, long end, boolean keepAlive) {
        try {
            clips.io().execute(() -> {
                byte[] piece;
                try {
                    piece = reader.read(at, (int) Math.min(PIECE, end - at));
                } catch (IOException e) {
                    log.warn("clip read failed: {}", e.getMessage());
                    close(reader);
                    ctx.close(); // the length was promised: the client sees a short answer
                    return;
                }
                ctx.executor().execute(() -> {
                    if (!ctx.channel().isActive()) {
                        close(reader);
                        return;
                    }
                    long next = at + piece.length;
                    if (next >= end) {
                        close(reader);
                        ctx.channel().config().setAutoRead(true);
                        ctx.write(new io.netty.handler.codec.http.DefaultHttpContent(Unpooled.wrappedBuffer(piece)));
                        finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
                    } else {
                        ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultHttpContent(Unpooled.wrappedBuffer(piece)))
                                .addListener(f -> {
                                    if (f.isSuccess()) {
                                        pump(ctx, reader, next, end, keepAlive);
                                    } else {
                                        close(reader);
                                    }
                                });
                    }
                });
            });
        } catch (RejectedExecutionException stopping) {
            close(reader);
            ctx.close();
        }
    }

    /** {@code [first, last]} of a single byte range, or null when it cannot be satisfied; several ranges: the whole. */
    static long[] range(String header, long length) {
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches()) {
            return header.contains(",") ? new long[] {0, length - 1} : null;
        }
        try {
            String a = m.group(1);
            String b = m.group(2);
            if (a.isEmpty() && b.isEmpty()) {
                return null;
            }
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                return suffix == 0 || length == 0 ? null : new long[] {Math.max(0, length - suffix), length - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
            return first >= length || last < first ? null : new long[] {first, last};
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private void search(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query,
                        InetSocketAddress peer, String user) throws IOException {
        String camera = first(query, "camera");
        Instant from;
        Instant to;
        try {
            from = time(first(query, "from"));
            to = time(first(query, "to"));
        } catch (DateTimeParseException e) {
            text(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    "from and to are ISO-8601 UTC times, e.g. 2026-01-31T14:05:00Z", true);
            return;
        }
        if (camera != null) {
            Decision decision = policy.decide(AccessRequest.camera(Protocol.CLIPS, peer, user, camera));
            if (!decision.allowed()) {
                boolean unknown = decision == Decision.UNKNOWN_CAMERA;
                text(ctx, request, unknown ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.FORBIDDEN,
                        decision.reason(), true);
                return;
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (ClipMeta clip : clips.store().search(camera, from, to)) {
            if (policy.evaluate(AccessRequest.camera(Protocol.CLIPS, peer, user, clip.camera())).allowed()) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("id", clip.id());
                m.put("camera", clip.camera());
                m.put("start", clip.start().toString());
                m.put("end", clip.end().toString());
                m.put("bytes", clip.bytes());
                m.put("url", "/clips/" + clip.id() + ".mp4");
                m.put("snapshotUrl", "/clips/" + clip.id() + ".jpg");
                out.add(m);
            }
        }
        audit.record(AuditEvent.builder("clip-search", clock.instant()).user(user).remote(peer).camera(camera)
                .transport("http").detail("found", out.size()).build());
        send(ctx, request, HttpResponseStatus.OK, "application/json", json.writeValueAsString(out) + "\n", true);
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static Instant time(String value) {
        return value == null ? null : Instant.parse(value);
    }

    private void challenge(ChannelHandlerContext ctx, FullHttpRequest request, ReaderAuthenticator.Challenge c,
                           String remote) {
        if (c.failure() != null) {
            audit.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(c.claimedUser()).remote(remote)
                    .transport("http-clips").reason(c.failure()).build());
        }
        if (c.limitCrossed()) {
            audit.record(AuditEvent.builder(AuditEvent.RATE_LIMITED, clock.instant()).remote(remote)
                    .transport("http-clips").reason("repeated authentication failures").build());
        }
        byte[] body = "authentication required\n".getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        c.wwwAuthenticate().forEach(v -> response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, v));
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (c.delay().isZero()) {
            finish(ctx, ctx.writeAndFlush(response), keepAlive);
        } else {
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                ctx.channel().config().setAutoRead(true);
                finish(ctx, ctx.writeAndFlush(response), keepAlive);
            }, c.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void text(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String body,
                             boolean keepAlive) {
        send(ctx, request, status, "text/plain; charset=utf-8", body + "\n", keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                             String contentType, String body, boolean keepAlive) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        boolean keep = keepAlive && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keep);
        finish(ctx, ctx.writeAndFlush(response), keep);
    }

    private static void plain(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean keepAlive) {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        finish(ctx, ctx.writeAndFlush(response), keepAlive);
    }

    private static void finish(ChannelHandlerContext ctx, io.netty.channel.ChannelFuture written, boolean keepAlive) {
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void close(ClipReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!exporting) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("clips request from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
