package org.camgate.onvif;

import io.netty.channel.Channel;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.cxf.transport.http.netty.server.servlet.ChannelThreadLocal;
import org.camgate.access.Admission;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The connection behind the ONVIF HTTP request being handled on this thread (CXF's Netty transport runs a request's
 * whole handling on one thread and keeps its channel in a thread local): the client's address, telling the
 * connection limits that it has authenticated, and answering late without holding the thread.
 */
public final class OnvifChannels {
    /**
     * Marks a response to be held this many milliseconds; {@link OnvifHttpGate} removes it before the response leaves,
     * so the delay stays with its own response even when requests are pipelined.
     */
    static final String ANSWER_LATE = "X-Camgate-Answer-Late";
    /** Marks a response after which {@link OnvifHttpGate} closes the connection. */
    static final String CLOSE_AFTER = "X-Camgate-Close-After";

    private OnvifChannels() {
    }

    /** The channel of the request handled on this thread, or null outside a request. */
    public static Channel current() {
        return ChannelThreadLocal.get();
    }

    /** The client's address: the connection's peer (never a header). */
    public static InetSocketAddress peer(HttpServletRequest request) {
        Channel channel = current();
        if (channel != null && channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            return a;
        }
        try {
            // A literal address: no lookup happens.
            return new InetSocketAddress(InetAddress.getByName(request.getRemoteAddr()), request.getRemotePort());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no client address for an ONVIF request: " + request.getRemoteAddr(), e);
        }
    }

    /** The request on this thread has authenticated: its connection leaves its address's unauthenticated count. */
    public static void authenticated() {
        Channel channel = current();
        if (channel != null) {
            Admission.authenticated(channel);
        }
    }

    /**
     * Sends {@code response} only after {@code delay}; the thread goes on at once (the response waits in the
     * connection's pipeline, on a timer, and nothing more is read from the connection meanwhile).
     */
    public static void answerLate(HttpServletResponse response, Duration delay) {
        if (delay != null && delay.toMillis() > 0) {
            response.setHeader(ANSWER_LATE, Long.toString(delay.toMillis()));
        }
    }

    /** Closes the connection once {@code response} is out (CXF would keep it alive for the next request). */
    public static void closeAfter(HttpServletResponse response) {
        response.setHeader(CLOSE_AFTER, "1");
    }
}
