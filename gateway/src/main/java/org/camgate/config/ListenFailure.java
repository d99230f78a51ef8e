package org.camgate.config;

import java.net.BindException;

/** The one line a listener that cannot bind says: the address, the configuration key, and why in plain words. */
public final class ListenFailure {
    private ListenFailure() {
    }

    /**
     * @param address what was to be bound, e.g. {@code 127.0.0.1:8554} or {@code udp://127.0.0.1:8000}
     * @param key     the configuration key that names it, e.g. {@code rtsp.listen}
     */
    public static IllegalStateException of(String address, String key, Throwable cause) {
        return new IllegalStateException("cannot listen on " + address + " (" + key + "): " + reason(cause), cause);
    }

    static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
                if (m.contains("in use")) {
                    return "the address is already in use (another program, or another camgate, listens there)";
                }
                if (m.contains("assign") || m.contains("not available")) {
                    return "this machine has no such address";
                }
                if (m.contains("permission") || m.contains("access")) {
                    return "permission denied (ports below 1024 need privileges)";
                }
                return t.getMessage();
            }
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
