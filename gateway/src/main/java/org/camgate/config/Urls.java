package org.camgate.config;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * URL checks for camera sources, the MQTT broker and sensor inputs. Messages never repeat the URL: it may
 * carry a password.
 */
final class Urls {
    static final String ENCODE_HINT = "percent-encode special characters in the user name and password, e.g. @ as %40";

    /** A URL split into the URI without user info and the percent-decoded user name and password. */
    record Parsed(URI uri, String username, String password, boolean hadUserInfo) {
    }

    private Urls() {
    }

    /**
     * Parses an absolute URL with a host and one of {@code schemes}; removes and decodes the user info.
     * {@code expected} ends the message when the scheme is wrong, e.g. {@code rtsp or rtsps}.
     */
    static Parsed parse(String text, List<String> schemes, String expected) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (" + ENCODE_HINT + ")");
        }
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("not a URL (expected: " + expected + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new IllegalArgumentException("unsupported scheme \"" + uri.getScheme() + "\" (expected: " + expected + ")");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in the URL (" + ENCODE_HINT + ")");
        }
        String rawUserInfo = uri.getRawUserInfo();
        String username = "";
        String password = "";
        if (rawUserInfo != null) {
            int colon = rawUserInfo.indexOf(':');
            username = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(rawUserInfo.substring(colon + 1));
        }
        String authority = uri.getRawAuthority();
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        StringBuilder sb = new StringBuilder(scheme).append("://").append(authority);
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            sb.append('#').append(uri.getRawFragment());
        }
        return new Parsed(URI.create(sb.toString()), username, password, rawUserInfo != null);
    }

    /** Percent-decoding as in RFC 3986 ({@code +} stays {@code +}); java.net.URI has already checked the escapes. */
    static String decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = raw.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
