package org.camgate.onvif;

import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.cxf.binding.soap.SoapFault;
import org.camgate.access.Admission;
import org.camgate.onvif.events.OnvifNotification;
import org.camgate.onvif.events.PullPoint;
import org.camgate.onvif.events.PullPointRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hot ONVIF operations answered on the connection's event loop, without CXF: {@code GetStreamUri} (Media) and
 * {@code PullMessages} (a subscription's address); also Media2's {@code GetStreamUri}. The request is read in one streaming pass
 * ({@link FastRequestReader}), the caller logged in and checked by the same {@link OnvifAuthenticator} as CXF's
 * calls, the camera checked by the same {@link MediaAccess}; the answer is written directly. A PullMessages long poll
 * holds no thread: it leaves a {@link PullPoint.Waiting} and a timer on the event loop, and the connection goes on
 * reading (later requests are handled meanwhile; their answers follow the poll's, in request order, as HTTP/1.1
 * requires). Any request this path does not read is passed to CXF unchanged, before anything is decided.
 *
 * <p>Sits after {@link OnvifHttpGate} (which frames, delays and closes as for CXF's answers) and before CXF's handler;
 * keeps every connection's answers, its own and CXF's, in request order. A connection with more than
 * {@link #MAX_PENDING} unanswered requests is closed.
 */
final class OnvifFastPath {
    private static final Logger log = LoggerFactory.getLogger(OnvifFastPath.class);
    /** Unanswered requests one connection may have (pipelined requests behind a long poll). */
    static final int MAX_PENDING = 32;

    private final FastRequestReader reader = new FastRequestReader();
    private final FastResponses responses = new FastResponses();
    private final OnvifAuthenticator authenticator;
    private final MediaAccess media;
    private final PullPointRegistry registry;
    private final Clock clock;
    private final int fallbackPort;
    private final OnvifRequestCounter requests;

    OnvifFastPath(OnvifAuthenticator authenticator, MediaAccess media, PullPointRegistry registry, Clock clock,
                  int fallbackPort, OnvifRequestCounter requests) {
        this.requests = requests;
        this.authenticator = authenticator;
        this.media = media;
        this.registry = registry;
        this.clock = clock;
        this.fallbackPort = fallbackPort;
    }

    /** A new connection's handler. */
    ChannelHandler newHandler() {
        return new Connection();
    }

    /** One answer due on a connection, in request order: CXF's (filled when CXF writes it) or this path's. */
    private static final class Slot {
        final boolean cxf;
        Object response;
        ChannelPromise promise;
        Runnable cancel;

        Slot(boolean cxf) {
            this.cxf = cxf;
        }
    }

    private final class Connection extends ChannelDuplexHandler {
        private final ArrayDeque<Slot> slots = new ArrayDeque<>();
        private ChannelHandlerContext ctx;
        /** A request of this read went to CXF: its handler gets the read's end (it flushes there). */
        private boolean forwarded;

        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            this.ctx = c;
        }

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            if (!(msg instanceof FullHttpRequest request)) {
                forwarded = true;
                c.fireChannelRead(msg);
                return;
            }
            if (slots.size() >= MAX_PENDING) {
                ReferenceCountUtil.release(msg);
                log.debug("ONVIF connection from {} has {} unanswered requests; closing it", c.channel().remoteAddress(),
                        slots.size());
                c.close();
                return;
            }
            FastRequestReader.Request fast = fastRequest(request);
            if (fast == null) {
                slots.add(new Slot(true));
                forwarded = true;
                c.fireChannelRead(msg);
                return;
            }
            Slot slot = new Slot(false);
            slots.add(slot);
            try {
                handle(request, fast, slot);
            } catch (SoapFault f) {
                answer(slot, response(request, HttpResponseStatus.valueOf(f.getStatusCode()), FastResponses.fault(f)));
            } catch (RuntimeException e) {
                log.warn("ONVIF {} failed: {}", fast.operation(), e.toString());
                answer(slot, response(request, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        FastResponses.fault(OnvifFaults.action("Internal", "internal error"))));
            } finally {
                request.release();
            }
        }

        private FastRequestReader.Request fastRequest(FullHttpRequest request) {
            if (request.method() != HttpMethod.POST) {
                return null;
            }
            String path = path(request);
            boolean media = path.equals(ServicePaths.MEDIA);
            boolean media2 = path.equals(ServicePaths.MEDIA2);
            boolean subscription = path.startsWith(ServicePaths.SUBSCRIPTION + "/");
            if (!media && !media2 && !subscription) {
                return null;
            }
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (type == null || !type.regionMatches(true, 0, "application/soap+xml", 0, 20)) {
                return null;
            }
            FastRequestReader.Request r = reader.read(new ByteBufInputStream(request.content().duplicate()));
            if (r instanceof FastRequestReader.GetStreamUri && media
                    || r instanceof FastRequestReader.GetStreamUri2 && media2
                    || r instanceof FastRequestReader.PullMessages && subscription) {
                return r;
            }
            return null;
        }

        private void handle(FullHttpRequest request, FastRequestReader.Request fast, Slot slot) {
            requests.count(fast instanceof FastRequestReader.GetStreamUri ? "MediaService"
                    : fast instanceof FastRequestReader.GetStreamUri2 ? "Media2Service" : "EventService", fast.operation());
            InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
            InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
            OnvifAuthInterceptor.HostHeader host = OnvifAuthInterceptor.HostHeader.parse(
                    request.headers().get(HttpHeaderNames.HOST), local.getAddress().getHostAddress(),
                    local.getPort() > 0 ? local.getPort() : fallbackPort);
            OnvifAuthenticator.Verdict verdict = authenticator.check(fast.token(),
                    request.headers().get(HttpHeaderNames.AUTHORIZATION), request.uri(), peer, fast.operation(), host,
                    () -> Admission.authenticated(ctx.channel()));
            if (verdict instanceof OnvifAuthenticator.Refused refused) {
                answer(slot, refusal(request, refused));
                return;
            }
            OnvifCaller caller = ((OnvifAuthenticator.Allowed) verdict).caller();
            if (caller.user() == null) {
                throw OnvifFaults.notAuthorized();
            }
            if (fast instanceof FastRequestReader.GetStreamUri g) {
                String camera = media.camera(caller, g.profileToken(), "NoProfile");
                answer(slot, response(request, HttpResponseStatus.OK,
                        FastResponses.streamUri(media.streamUri(caller, camera, "GetStreamUri"))));
            } else if (fast instanceof FastRequestReader.GetStreamUri2 g) {
                String camera = media.camera(caller, g.profileToken(), "NoProfile");
                Media2Endpoint.checkProtocol(g.protocol());
                answer(slot, response(request, HttpResponseStatus.OK,
                        FastResponses.streamUri2(media.streamUri(caller, camera, "Media2.GetStreamUri"))));
            } else {
                pull(request, (FastRequestReader.PullMessages) fast, caller, slot);
            }
        }

        private void pull(FullHttpRequest request, FastRequestReader.PullMessages pull, OnvifCaller caller, Slot slot) {
            PullPoint p = SubscriptionEndpoint.subscription(registry, caller, SubscriptionEndpoint.subscriptionId(path(request)));
            int limit;
            javax.xml.datatype.Duration requested;
            try {
                limit = Integer.parseInt(pull.messageLimit().trim());
                requested = MediaTypes.datatypeFactory().newDuration(pull.timeout().trim());
            } catch (RuntimeException e) {
                throw OnvifFaults.invalidArgVal("InvalidArgVal", "Timeout is not a duration");
            }
            Duration timeout = SubscriptionEndpoint.timeout(requested, limit);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            int max = Math.min(limit, SubscriptionEndpoint.MAX_MESSAGES);
            PullPoint.Waiting waiting = p.pullLater(max, messages -> {
                if (ctx.executor().inEventLoop()) {
                    pulled(slot, p, caller, messages, keepAlive);
                } else {
                    ctx.executor().execute(() -> pulled(slot, p, caller, messages, keepAlive));
                }
            });
            if (waiting != null && slot.response == null) {
                ScheduledFuture<?> timer = ctx.executor().schedule(() -> p.cancel(waiting), timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
                slot.cancel = () -> {
                    timer.cancel(false);
                    p.cancel(waiting);
                };
            }
        }

        /** On the event loop: a wait's messages (or none) arrived. */
        private void pulled(Slot slot, PullPoint p, OnvifCaller caller, List<OnvifNotification> messages,
                            boolean keepAlive) {
            if (slot.response != null || !slots.contains(slot)) {
                return; // the connection has closed, or this wait was answered
            }
            Runnable cancel = slot.cancel;
            slot.cancel = null;
            if (cancel != null) {
                cancel.run(); // the timer; the wait itself is over already
            }
            byte[] body;
            HttpResponseStatus status = HttpResponseStatus.OK;
            try {
                body = responses.events(SubscriptionEndpoint.response(p, caller, messages, clock));
            } catch (RuntimeException e) {
                log.warn("ONVIF PullMessages answer failed: {}", e.toString());
                status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
                body = FastResponses.fault(OnvifFaults.action("Internal", "internal error"));
            }
            answer(slot, response(status, body, keepAlive));
        }

        /**
         * The end of a read goes on to CXF's handler only when a request of it did: that handler runs on a worker
         * thread, and every event passed to it is a hand-over to that thread.
         */
        @Override
        public void channelReadComplete(ChannelHandlerContext c) {
            if (forwarded) {
                forwarded = false;
                c.fireChannelReadComplete();
            }
        }

        /** CXF's answers: each fills the oldest slot waiting for one of CXF's. */
        @Override
        public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
            if (msg instanceof FullHttpResponse) {
                for (Slot s : slots) {
                    if (s.cxf && s.response == null) {
                        s.response = msg;
                        s.promise = promise;
                        drain();
                        return;
                    }
                }
            }
            c.write(msg, promise);
        }

        private void answer(Slot slot, FullHttpResponse response) {
            slot.response = response;
            slot.promise = ctx.newPromise();
            drain();
        }

        /** Writes the answers that are due, in request order. */
        private void drain() {
            boolean wrote = false;
            Slot head;
            while ((head = slots.peek()) != null && head.response != null) {
                slots.poll();
                ctx.write(head.response, head.promise);
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            drop();
            c.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext c) {
            drop();
        }

        private void drop() {
            Slot s;
            while ((s = slots.poll()) != null) {
                if (s.cancel != null) {
                    Runnable cancel = s.cancel;
                    s.cancel = null;
                    cancel.run();
                }
                if (s.response != null) {
                    ReferenceCountUtil.release(s.response);
                    s.promise.tryFailure(new ClosedChannelException());
                }
            }
        }
    }

    private static String path(FullHttpRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, byte[] body) {
        return response(status, body, HttpUtil.isKeepAlive(request));
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/soap+xml; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            r.headers().set(OnvifChannels.CLOSE_AFTER, "1");
        }
        return r;
    }

    /** A refusal as {@link OnvifAuthInterceptor} writes it (late and closing through {@link OnvifHttpGate}). */
    private static FullHttpResponse refusal(FullHttpRequest request, OnvifAuthenticator.Refused refused) {
        FullHttpResponse r = response(request, HttpResponseStatus.valueOf(refused.status()),
                refused.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        refused.wwwAuthenticate().forEach(v -> r.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, v));
        for (int i = 0; i + 1 < refused.headers().size(); i += 2) {
            r.headers().set(refused.headers().get(i), refused.headers().get(i + 1));
        }
        if (refused.late() != null && refused.late().toMillis() > 0) {
            r.headers().set(OnvifChannels.ANSWER_LATE, Long.toString(refused.late().toMillis()));
        }
        if (refused.closeAfter()) {
            r.headers().set(OnvifChannels.CLOSE_AFTER, "1");
        }
        return r;
    }
}
