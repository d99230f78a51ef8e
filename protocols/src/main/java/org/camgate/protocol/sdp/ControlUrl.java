package org.camgate.protocol.sdp;

/** Resolves an SDP {@code a=control} value against the presentation's base URL (RFC 2326 C.1.1). */
public final class ControlUrl {
    private ControlUrl() {
    }

    public static String resolve(String base, String control) {
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
        return base.endsWith("/") ? base + control : base + "/" + control;
    }
}
