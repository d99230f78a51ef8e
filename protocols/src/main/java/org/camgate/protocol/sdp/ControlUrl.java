package org.camgate.protocol.sdp;

/** Resolves an SDP {@code a=control} value against the presentation's base URL (RFC 2326 C.1.1). */
public final class ControlUrl {
    private ControlUrl() {
    }

    /**
     * @throws IllegalArgumentException when either value holds white space or control characters,
     *         which would let a camera's SDP break the request line the gateway sends back to it
     */
    public static String resolve(String base, String control) {
        requireClean("base URL", base);
        if (control != null) {
            requireClean("control", control);
        }
        if (control == null || control.isEmpty() || control.equals("*")) {
            return base;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
            return control;
        }
        if (control.startsWith("/")) {
            int pathStart = base.indexOf('/', base.indexOf("//") + 2);
            return (pathStart < 0 ? base : base.substring(0, pathStart)) + control;
        }
        return base.endsWith("/") || control.startsWith("?") ? base + control : base + "/" + control;
    }

    private static void requireClean(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(what + " contains white space or control characters");
            }
        }
    }
}
