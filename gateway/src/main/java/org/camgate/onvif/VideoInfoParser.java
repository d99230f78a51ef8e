package org.camgate.onvif;

import org.camgate.stream.StreamDescription;
import org.camgate.stream.TrackInfo;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** Reads a camera's video parameters from the SDP readers get: codec, SPS size and profile, frame rate, bitrate. */
public final class VideoInfoParser {
    private VideoInfoParser() {
    }

    public static VideoInfo parse(StreamDescription description) {
        TrackInfo video = description.tracks().stream().filter(TrackInfo::video).findFirst().orElse(null);
        if (video == null) {
            return VideoInfo.UNKNOWN;
        }
        String section = videoSection(description.readerSdp());
        int width = 0;
        int height = 0;
        int frameRate = 0;
        int bitrate = 0;
        String profile = null;
        for (String raw : section.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("b=AS:")) {
                bitrate = intOr(line.substring(5), 0);
            } else if (line.startsWith("a=framerate:")) {
                frameRate = (int) Math.round(doubleOr(line.substring(12), 0));
            } else if (line.startsWith("a=x-dimensions:")) {
                String[] wh = line.substring(15).split(",");
                if (wh.length == 2) {
                    width = intOr(wh[0], 0);
                    height = intOr(wh[1], 0);
                }
            } else if (line.startsWith("a=fmtp:")) {
                Optional<H264Sps> sps = spsOf(line);
                if (sps.isPresent()) {
                    width = sps.get().width();
                    height = sps.get().height();
                    profile = sps.get().profileName();
                    frameRate = frameRate == 0 ? sps.get().frameRate() : frameRate;
                }
            }
        }
        String encoding = video.encoding().toUpperCase(Locale.ROOT);
        return new VideoInfo(encoding, width, height, frameRate, bitrate, profile);
    }

    private static String videoSection(String sdp) {
        int start = sdp.indexOf("m=video");
        if (start < 0) {
            return "";
        }
        int end = sdp.indexOf("\nm=", start + 1);
        return end < 0 ? sdp.substring(start) : sdp.substring(start, end);
    }

    private static Optional<H264Sps> spsOf(String fmtp) {
        for (String param : fmtp.substring(fmtp.indexOf(' ') + 1).split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "sprop-parameter-sets=", 0, 21)) {
                for (String set : p.substring(21).split(",")) {
                    try {
                        Optional<H264Sps> sps = H264Sps.parse(Base64.getDecoder().decode(set.trim()));
                        if (sps.isPresent()) {
                            return sps;
                        }
                    } catch (IllegalArgumentException e) {
                        // not Base64: try the next parameter set
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static int intOr(String s, int def) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static double doubleOr(String s, double def) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
