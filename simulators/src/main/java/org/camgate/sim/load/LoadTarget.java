package org.camgate.sim.load;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where load readers connect: an {@code rtsp://[user:pass@]host[:port]/path} URL split into the
 * address, the URL to send (without credentials) and the credentials (both null when absent).
 */
record LoadTarget(String host, int port, String url, String username, String password) {

    static LoadTarget parse(String text) {
        URI uri = URI.create(text);
        if (!"rtsp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("url: " + text + " (expected: rtsp://[user:pass@]host[:port]/path)");
        }
        int port = uri.getPort() < 0 ? 554 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String host = uri.getHost();
        String url = "rtsp://" + host + ":" + port + path + query;
        String user = null;
        String pass = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            pass = parts.length > 1 ? decode(parts[1]) : "";
        }
        return new LoadTarget(host.replace("[", "").replace("]", ""), port, url, user, pass);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    boolean hasCredentials() {
        return username != null;
    }
}
