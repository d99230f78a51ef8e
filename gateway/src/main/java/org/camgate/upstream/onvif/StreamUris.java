package org.camgate.upstream.onvif;

import org.camgate.upstream.CameraCredentials;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Stream URIs from cameras: some carry their own user info. It is split off (the RTSP session sends credentials
 * itself, and URIs get logged); without it the ONVIF credentials are used for RTSP.
 */
final class StreamUris {
    private StreamUris() {
    }

    /** The URI without user info. */
    static URI strip(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String s = uri.toString();
        return URI.create(withoutUserInfo(s));
    }

    static String withoutUserInfo(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int start = scheme + 3;
        int end = uri.indexOf('/', start);
        int at = uri.lastIndexOf('@', end < 0 ? uri.length() - 1 : end);
        return at >= start ? uri.substring(0, start) + uri.substring(at + 1) : uri;
    }

    /** The credentials for RTSP: the URI's own when it has user info, else the ONVIF ones. */
    static CameraCredentials credentials(URI uri, String onvifUser, String onvifPassword) {
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String user = decode(colon < 0 ? info : info.substring(0, colon));
            String password = colon < 0 ? "" : decode(info.substring(colon + 1));
            return new CameraCredentials(user, password);
        }
        return onvifUser.isEmpty() ? CameraCredentials.NONE : new CameraCredentials(onvifUser, onvifPassword);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
