package org.camgate.upstream;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** Network failures towards a camera in user words, without class names or stack traces. */
public final class NetworkErrors {
    private static final int MAX_CAUSES = 16;

    private NetworkErrors() {
    }

    /** E.g. "connection refused", "no route to host", "connect timed out", "connection reset". */
    public static String describe(Throwable error) {
        int depth = 0;
        // A cause chain is short; the bound also ends a chain that loops back on itself.
        for (Throwable t = error; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (t instanceof ReadTimeoutException) {
                return "no data from camera within the timeout";
            }
            if (t instanceof ConnectTimeoutException || t instanceof SocketTimeoutException) {
                return "connect timed out";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
            }
            if (t instanceof PortUnreachableException) {
                return "port unreachable";
            }
            if (t instanceof ConnectException) {
                String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("refused")) {
                    return "connection refused";
                }
                if (m.contains("unreachable")) {
                    return "network unreachable";
                }
                return "cannot connect" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
            }
            if (t instanceof ClosedChannelException) {
                return "connection closed";
            }
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("connection reset")) {
                    return "connection reset";
                }
                if (lower.contains("broken pipe")) {
                    return "connection broken";
                }
            }
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
