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
            "maxptime", "sendrecv");
    /** Bandwidth lines with a known modifier and a number only, so nothing else can ride along. */
    private static final java.util.regex.Pattern BANDWIDTH = java.util.regex.Pattern.compile("b=(AS|CT|TIAS|RR|RS):\\d{1,10}");

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
                if (BANDWIDTH.matcher(l).matches() || l.startsWith("a=") && keptAttribute(l, m.formats())) {
                    line(sdp, l);
                }
            }
            line(sdp, "a=control:trackID=" + track);
        }
        return new ReaderSdp(sdp.toString(), kept);
    }

    /** Whitelisted attributes; those naming a payload format only for the section's own formats. */
    private static boolean keptAttribute(String line, List<String> formats) {
        String name = attributeName(line);
        if (!KEPT_ATTRIBUTES.contains(name)) {
            return false;
        }
        if (name.equals("rtpmap") || name.equals("fmtp") || name.equals("rtcp-fb")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                return false;   // "a=rtpmap" without a value names no format
            }
            String value = line.substring(colon + 1);
            String format = value.split("\\s", 2)[0];
            return formats.contains(format) || name.equals("rtcp-fb") && format.equals("*");
        }
        return true;
    }

    private static String attributeName(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line.substring(2) : line.substring(2, colon)).toLowerCase(java.util.Locale.ROOT);
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append("\r\n");
    }
}
