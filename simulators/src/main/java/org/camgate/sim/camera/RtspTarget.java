package org.camgate.sim.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request URL names: a camera path and optionally a track ({@code .../cam1/trackID=2}).
 *
 * @param base  the URL of the camera as the client wrote it, without a trailing slash
 * @param path  the camera path, without leading or trailing slashes
 * @param track the 1-based track number, or 0 for the whole stream
 */
record RtspTarget(String base, String path, int track) {
    private static final Pattern TRACK = Pattern.compile("(.*)/trackID=(\\d{1,2})");

    /** Parses an absolute rtsp:// request URL; null when it is not one. */
    static RtspTarget parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return null;
        }
        if (!"rtsp".equalsIgnoreCase(parsed.getScheme()) || parsed.getRawAuthority() == null) {
            return null;
        }
        String path = trimSlashes(parsed.getRawPath() == null ? "" : parsed.getRawPath());
        int track = 0;
        Matcher m = TRACK.matcher(path);
        if (m.matches()) {
            path = trimSlashes(m.group(1));
            track = Integer.parseInt(m.group(2));
        }
        String host = parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort());
        return new RtspTarget("rtsp://" + host + "/" + path, path, track);
    }

    String controlUrl(int trackNumber) {
        return base + "/trackID=" + trackNumber;
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
