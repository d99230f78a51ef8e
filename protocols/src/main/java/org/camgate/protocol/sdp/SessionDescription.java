package org.camgate.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SDP document (RFC 8866) as a list of session-level lines and media sections. Parsing is
 * tolerant (CRLF, LF or CR, blank and unknown lines) but bounded in size and media count.
 */
public final class SessionDescription {
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_MEDIA = 64;

    private final List<String> sessionLines;
    private final List<MediaDescription> media;

    private SessionDescription(List<String> sessionLines, List<MediaDescription> media) {
        this.sessionLines = List.copyOf(sessionLines);
        this.media = List.copyOf(media);
    }

    public static SessionDescription parse(String text) {
        if (text.length() > MAX_BYTES) {
            throw new IllegalArgumentException("SDP of " + text.length() + " bytes (limit " + MAX_BYTES + ")");
        }
        List<String> session = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        String mediaLine = null;
        List<String> mediaLines = new ArrayList<>();
        // A bare CR ends a line too: readers' parsers take it as one, so it must not hide a line inside another.
        for (String raw : text.split("\r\n|[\r\n]")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            if (line.startsWith("m=")) {
                if (mediaLine != null) {
                    media.add(MediaDescription.of(mediaLine, mediaLines));
                }
                if (media.size() >= MAX_MEDIA) {
                    throw new IllegalArgumentException("more than " + MAX_MEDIA + " media sections");
                }
                mediaLine = line;
                mediaLines = new ArrayList<>();
            } else if (mediaLine == null) {
                session.add(line);
            } else {
                mediaLines.add(line);
            }
        }
        if (mediaLine != null) {
            media.add(MediaDescription.of(mediaLine, mediaLines));
        }
        if (session.isEmpty() || !session.get(0).startsWith("v=")) {
            throw new IllegalArgumentException("not an SDP document (no v= line first)");
        }
        return new SessionDescription(session, media);
    }

    public List<String> sessionLines() {
        return sessionLines;
    }

    public List<MediaDescription> media() {
        return media;
    }

    /** The session-level {@code a=control:} value, if any. */
    public Optional<String> control() {
        return MediaDescription.attribute(sessionLines, "control");
    }
}
