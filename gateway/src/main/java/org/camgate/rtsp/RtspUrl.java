package org.camgate.rtsp;

import java.util.Optional;

/**
 * The camera and track a reader's request URL names: {@code rtsp://gateway/{camera}} for the
 * aggregate, {@code rtsp://gateway/{camera}/trackID={n}} for a track. Absolute or path-only
 * forms, a trailing slash and a query string are all accepted; host and port are ignored.
 *
 * @param track the track index, or -1 for the aggregate URL
 */
record RtspUrl(String cameraId, int track) {

    static Optional<RtspUrl> parse(String uri) {
        String path = uri;
        if (path.regionMatches(true, 0, "rtsp://", 0, 7) || path.regionMatches(true, 0, "rtsps://", 0, 8)) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        String[] segments = path.substring(1).split("/", -1);
        String camera = segments[0];
        if (camera.isEmpty()) {
            return Optional.empty();
        }
        int count = segments.length;
        if (count > 1 && segments[count - 1].isEmpty()) {
            count--;
        }
        if (count == 1) {
            return Optional.of(new RtspUrl(camera, -1));
        }
        if (count == 2 && segments[1].startsWith("trackID=")) {
            String number = segments[1].substring(8);
            if (!number.isEmpty() && number.length() <= 3 && number.chars().allMatch(Character::isDigit)) {
                return Optional.of(new RtspUrl(camera, Integer.parseInt(number)));
            }
        }
        return Optional.empty();
    }
}
