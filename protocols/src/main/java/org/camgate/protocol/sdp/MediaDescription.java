package org.camgate.protocol.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One media section of an SDP document: its {@code m=} line and the lines that follow it. */
public final class MediaDescription {
    private final String type;
    private final String proto;
    private final List<String> formats;
    private final List<String> lines;

    private MediaDescription(String type, String proto, List<String> formats, List<String> lines) {
        this.type = type;
        this.proto = proto;
        this.formats = List.copyOf(formats);
        this.lines = List.copyOf(lines);
    }

    static MediaDescription of(String mediaLine, List<String> lines) {
        String[] parts = mediaLine.substring(2).trim().split("\\s+");
        if (parts.length < 4) {
            throw new IllegalArgumentException("malformed media line: " + mediaLine);
        }
        return new MediaDescription(parts[0].toLowerCase(Locale.ROOT), parts[2],
                List.of(parts).subList(3, parts.length), lines);
    }

    /** video, audio, application, ... */
    public String type() {
        return type;
    }

    public String proto() {
        return proto;
    }

    public List<String> formats() {
        return formats;
    }

    /** The lines after {@code m=}, in order. */
    public List<String> lines() {
        return lines;
    }

    public Optional<String> control() {
        return attribute(lines, "control");
    }

    /** The encoding name of the first format: from its rtpmap, or the static payload type table. */
    public String encoding() {
        return rtpmap().map(r -> r[0].toUpperCase(Locale.ROOT)).orElseGet(this::staticEncoding);
    }

    /** The clock rate of the first format (90000 for video and 8000 for audio when not given). */
    public int clockRate() {
        return rtpmap().filter(r -> r.length > 1).map(r -> parseRate(r[1]))
                .orElse(type.equals("video") ? 90000 : 8000);
    }

    /**
     * The codec parameter sets in the first format's {@code a=fmtp} line, for decoders of cameras that do not repeat
     * them in band: H.264's {@code sprop-parameter-sets} (RFC 6184), or H.265's {@code sprop-vps}, {@code sprop-sps}
     * and {@code sprop-pps} in that order (RFC 7798). Values that are not base64 are left out; empty when none.
     */
    public List<byte[]> parameterSets() {
        if (formats.isEmpty()) {
            return List.of();
        }
        String prefix = "a=fmtp:" + formats.get(0) + " ";
        String fmtp = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()))
                .orElse("");
        java.util.Map<String, String> params = new java.util.HashMap<>();
        for (String param : fmtp.split(";")) {
            int eq = param.indexOf('=');
            if (eq > 0) {
                params.putIfAbsent(param.substring(0, eq).trim().toLowerCase(Locale.ROOT), param.substring(eq + 1).trim());
            }
        }
        List<byte[]> sets = new java.util.ArrayList<>();
        for (String key : List.of("sprop-parameter-sets", "sprop-vps", "sprop-sps", "sprop-pps")) {
            for (String value : params.getOrDefault(key, "").split(",")) {
                try {
                    byte[] nal = java.util.Base64.getDecoder().decode(value.trim());
                    if (nal.length > 0) {
                        sets.add(nal);
                    }
                } catch (IllegalArgumentException notBase64) {
                    // left out
                }
            }
        }
        return sets;
    }

    private static int parseRate(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 90000;
        }
    }

    private Optional<String[]> rtpmap() {
        if (formats.isEmpty()) {
            return Optional.empty();
        }
        String prefix = formats.get(0) + " ";
        for (String line : lines) {
            if (line.startsWith("a=rtpmap:") && line.substring(9).startsWith(prefix)) {
                return Optional.of(line.substring(9 + prefix.length()).trim().split("/"));
            }
        }
        return Optional.empty();
    }

    private String staticEncoding() {
        String pt = formats.isEmpty() ? "" : formats.get(0);
        return switch (pt) {
            case "0" -> "PCMU";
            case "8" -> "PCMA";
            case "14" -> "MPA";
            case "26" -> "JPEG";
            case "32" -> "MPV";
            default -> "UNKNOWN";
        };
    }

    static Optional<String> attribute(List<String> lines, String name) {
        String prefix = "a=" + name + ":";
        for (String line : lines) {
            if (line.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return Optional.of(line.substring(prefix.length()).trim());
            }
        }
        return Optional.empty();
    }
}
