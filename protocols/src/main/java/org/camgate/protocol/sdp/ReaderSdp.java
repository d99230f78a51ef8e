package org.camgate.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The SDP readers get for a camera. Built from a whitelist, so nothing identifying the camera
 * (address, origin, tool, CNAME, URLs) can leak: a fixed session part, then for each kept media
 * its {@code m=} line with port 0, bandwidth lines, the attributes decoders need, and
 * {@code a=control:trackID=n}. Audio is kept only on request, other media types never.
 *
 * @param text        the SDP, CRLF line endings
 * @param sourceMedia for each reader track n, the index of the camera's media section it carries
 */
public record ReaderSdp(String text, List<Integer> sourceMedia) {
    private static final Set<String> KEPT_ATTRIBUTES = Set.of("rtpmap", "fmtp", "framerate", "framesize",
            "x-dimensions", "x-framerate", "cliprect", "recvonly", "sendonly", "inactive", "rtcp-fb", "ptime",
            "maxptime");

    public ReaderSdp {
        sourceMedia = List.copyOf(sourceMedia);
    }

    public static ReaderSdp of(SessionDescription camera, String name, long sessionId, boolean keepAudio) {
        StringBuilder sdp = new StringBuilder(512);
        line(sdp, "v=0");
        line(sdp, "o=- " + sessionId + " 1 IN IP4 0.0.0.0");
        line(sdp, "s=" + name);
        line(sdp, "c=IN IP4 0.0.0.0");
        line(sdp, "t=0 0");
        line(sdp, "a=tool:camgate");
        line(sdp, "a=control:*");
        line(sdp, "a=range:npt=now-");
        List<Integer> kept = new ArrayList<>();
        List<MediaDescription> media = camera.media();
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            boolean wanted = m.type().equals("video") || keepAudio && m.type().equals("audio");
            if (!wanted || !m.proto().toUpperCase(java.util.Locale.ROOT).startsWith("RTP/")) {
                continue;
            }
            int track = kept.size();
            kept.add(i);
            line(sdp, "m=" + m.type() + " 0 " + m.proto() + " " + String.join(" ", m.formats()));
            for (String l : m.lines()) {
                if (l.startsWith("b=") || l.startsWith("a=") && KEPT_ATTRIBUTES.contains(attributeName(l))) {
                    line(sdp, l);
                }
            }
            line(sdp, "a=control:trackID=" + track);
        }
        return new ReaderSdp(sdp.toString(), kept);
    }

    private static String attributeName(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line.substring(2) : line.substring(2, colon)).toLowerCase(java.util.Locale.ROOT);
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append("\r\n");
    }
}
