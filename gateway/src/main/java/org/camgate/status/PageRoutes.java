package org.camgate.status;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.camgate.access.Admission;

/**
 * The status page's routes: {@code /} and {@code /live} (cameras, MQTT, sensors, recent events), {@code /access} and
 * {@code /access/live} (the same with the access log, after an admin login), and the page's script and style sheet.
 * HTML answers carry a Content-Security-Policy without inline scripts or styles, and are never cached.
 */
final class PageRoutes {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Set<String> PATHS = Set.of("/", "/live", "/access", "/access/live", "/page.js", "/page.css");
    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final StatusPage page;
    private final AdminLogin login;
    private final byte[] script = resource("page.js");
    private final byte[] style = resource("page.css");

    PageRoutes(StatusPage page, AdminLogin login) {
        this.page = requireNonNull(page, "page");
        this.login = requireNonNull(login, "login");
    }

    boolean handles(String path) {
        return PATHS.contains(path);
    }

    /** Answers a GET or HEAD for one of {@link #handles}' paths. */
    void answer(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        boolean keep = HttpUtil.isKeepAlive(request);
        switch (path) {
            case "/page.js" -> StatusRequestHandler.send(ctx, head, keep, HttpResponseStatus.OK,
                    "text/javascript; charset=utf-8", script, staticHeaders());
            case "/page.css" -> StatusRequestHandler.send(ctx, head, keep, HttpResponseStatus.OK,
                    "text/css; charset=utf-8", style, staticHeaders());
            case "/" -> html(ctx, head, keep, page.page(false));
            case "/live" -> html(ctx, head, keep, page.fragment(false));
            default -> admin(ctx, request, head, keep, path.equals("/access"));
        }
    }

    private void admin(ChannelHandlerContext ctx, FullHttpRequest request, boolean head, boolean keep, boolean whole) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        AdminLogin.Result result = login.check(request.method().name(), request.uri(),
                request.headers().get(HttpHeaderNames.AUTHORIZATION), remote);
        if (result instanceof AdminLogin.Allowed) {
            Admission.authenticated(ctx.channel());
            html(ctx, head, keep, whole ? page.page(true) : page.fragment(true));
        } else if (result instanceof AdminLogin.Challenge challenge) {
            HttpHeaders headers = htmlHeaders();
            challenge.wwwAuthenticate().forEach(v -> headers.add(HttpHeaderNames.WWW_AUTHENTICATE, v));
            byte[] body = "login required: the access log is for admin users\n".getBytes(StandardCharsets.UTF_8);
            Runnable send = () -> StatusRequestHandler.send(ctx, head, keep, HttpResponseStatus.UNAUTHORIZED, TEXT,
                    body, headers);
            if (challenge.delay().isZero()) {
                send.run();
            } else {
                ctx.executor().schedule(send, challenge.delay().toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            StatusRequestHandler.send(ctx, head, keep, HttpResponseStatus.FORBIDDEN, TEXT,
                    "the access log is for admin users only\n".getBytes(StandardCharsets.UTF_8), htmlHeaders());
        }
    }

    private static void html(ChannelHandlerContext ctx, boolean head, boolean keep, String body) {
        StatusRequestHandler.send(ctx, head, keep, HttpResponseStatus.OK, HTML, body.getBytes(StandardCharsets.UTF_8),
                htmlHeaders());
    }

    private static HttpHeaders htmlHeaders() {
        return new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP)
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store, private");
    }

    private static HttpHeaders staticHeaders() {
        return new DefaultHttpHeaders().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    }

    private static byte[] resource(String name) {
        try (InputStream in = PageRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + PageRoutes.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
