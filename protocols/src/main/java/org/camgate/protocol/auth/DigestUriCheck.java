package org.camgate.protocol.auth;

/**
 * Whether the {@code uri} a client hashed into its Digest response may stand for the request URI.
 * Real RTSP clients differ: some hash the absolute URI, some the path; the host or port may be
 * written differently from the request line; and during SETUP some hash the base URL while
 * requesting a track URL (or the other way round). All of these are accepted when both name the
 * same first path segment (in camgate, the camera id). A URI naming another camera is rejected,
 * so credentials captured for one camera cannot be replayed against another.
 */
public final class DigestUriCheck {

    private DigestUriCheck() {
    }

    /**
     * @param headerUri  the {@code uri} parameter of the Authorization header
     * @param requestUri the URI of the request line
     * @param method     the request method; {@code *} is only accepted for OPTIONS
     */
    public static boolean accepts(String headerUri, String requestUri, String method) {
        if (headerUri == null || requestUri == null || method == null) {
            return false;
        }
        if (headerUri.equals("*") || requestUri.equals("*")) {
            return method.equalsIgnoreCase("OPTIONS");
        }
        String a = firstSegment(headerUri);
        String b = firstSegment(requestUri);
        return a != null && a.equals(b);
    }

    /**
     * For HTTP: whether both name the same resource, the whole path and query (an absolute URI's scheme and
     * authority aside), so a header captured for one endpoint or operation cannot be replayed against another.
     */
    public static boolean sameResource(String headerUri, String requestUri) {
        if (headerUri == null || requestUri == null) {
            return false;
        }
        String a = pathAndQuery(headerUri);
        return a != null && a.equals(pathAndQuery(requestUri));
    }

    private static String pathAndQuery(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme > 0 && isScheme(uri, scheme)) {
            int slash = uri.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : uri.substring(slash);
        }
        return uri.startsWith("/") ? uri : null;
    }

    /** The first path segment, "" for the root, or null when the URI is neither absolute nor a path. */
    static String firstSegment(String uri) {
        String path;
        int scheme = uri.indexOf("://");
        if (scheme > 0 && isScheme(uri, scheme)) {
            int slash = uri.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : uri.substring(slash);
        } else if (uri.startsWith("/")) {
            path = uri;
        } else {
            return null;
        }
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int start = 0;
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        int stop = path.indexOf('/', start);
        if (stop < 0 || stop > end) {
            stop = end;
        }
        return path.substring(start, stop);
    }

    private static boolean isScheme(String uri, int end) {
        for (int i = 0; i < end; i++) {
            char c = uri.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
