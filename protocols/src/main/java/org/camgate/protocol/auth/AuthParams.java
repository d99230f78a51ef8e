package org.camgate.protocol.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tokenizer for the RFC 7235 {@code auth-scheme [ #auth-param ]} syntax shared by
 * {@code Authorization} and {@code WWW-Authenticate}. Hostile input never throws: any syntax
 * error, an unterminated quote, a duplicate parameter, more than {@link #MAX_PARAMS} parameters
 * or a value longer than {@link #MAX_LENGTH} characters makes the whole value unparseable (null).
 */
final class AuthParams {

    static final int MAX_LENGTH = 4096;
    static final int MAX_PARAMS = 32;

    /** One scheme and its parameters (names lower-cased, in order). */
    record Item(String scheme, Map<String, String> params, String token68) {
    }

    private final String s;
    private int pos;

    private AuthParams(String s) {
        this.s = s;
    }

    /**
     * Parses a value holding one or more challenges or credentials. A scheme followed by a
     * token68 (e.g. {@code Basic dXNlcjpwYXNz}) is returned with {@code token68} set; this is only
     * recognised when it is the last thing in the value.
     *
     * @return the items, or null when the value is malformed or too large
     */
    static List<Item> parse(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return null;
        }
        try {
            return new AuthParams(value).items();
        } catch (RuntimeException e) {
            // Defensive: the tokenizer is written not to throw, but hostile input must never escape.
            return null;
        }
    }

    private List<Item> items() {
        List<Item> items = new ArrayList<>();
        while (true) {
            skipSeparators();
            if (pos >= s.length()) {
                return items;
            }
            String scheme = token();
            if (scheme.isEmpty()) {
                return null;
            }
            if (pos < s.length() && !isWhitespace(s.charAt(pos)) && s.charAt(pos) != ',') {
                return null;
            }
            skipWhitespace();
            String token68 = token68();
            if (token68 != null) {
                items.add(new Item(scheme, Map.of(), token68));
                continue;
            }
            Map<String, String> params = params();
            if (params == null) {
                return null;
            }
            items.add(new Item(scheme, params, null));
        }
    }

    /** A token68 that makes up the rest of the value (or of this item, up to a comma). */
    private String token68() {
        int start = pos;
        int i = pos;
        while (i < s.length() && isToken68Char(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            return null;
        }
        int end = i;
        while (i < s.length() && s.charAt(i) == '=') {
            i++;
        }
        // "name=value" is a parameter, not a token68: only treat it as token68 when the '=' run
        // (possibly empty) is followed by the end of the value.
        int after = i;
        while (after < s.length() && isWhitespace(s.charAt(after))) {
            after++;
        }
        if (after < s.length()) {
            return null;
        }
        if (i == end && i < s.length()) {
            return null;
        }
        pos = after;
        return s.substring(start, i);
    }

    private Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            int itemStart = pos;
            skipSeparators();
            if (pos >= s.length()) {
                return Collections.unmodifiableMap(params);
            }
            String name = token();
            if (name.isEmpty()) {
                return null;
            }
            skipWhitespace();
            if (pos >= s.length() || s.charAt(pos) != '=') {
                // Not a parameter: the start of the next challenge.
                pos = itemStart;
                return params.isEmpty() && !hasSchemeAfterSeparator(itemStart) ? null
                        : Collections.unmodifiableMap(params);
            }
            pos++;
            skipWhitespace();
            String value = value();
            if (value == null) {
                return null;
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (params.size() >= MAX_PARAMS || params.putIfAbsent(key, value) != null) {
                return null;
            }
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) != ',') {
                return null;
            }
        }
    }

    /** A scheme with no parameters is allowed when a comma separates it from the next challenge. */
    private boolean hasSchemeAfterSeparator(int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',') {
                return true;
            }
            if (!isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private String value() {
        if (pos < s.length() && s.charAt(pos) == '"') {
            return quoted();
        }
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ',' || isWhitespace(c)) {
                break;
            }
            if (c == '"' || c < 0x21 || c == 0x7f) {
                return null;
            }
            pos++;
        }
        return s.substring(start, pos);
    }

    private String quoted() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    return null;
                }
                c = s.charAt(pos++);
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return null;
            }
            b.append(c);
        }
        return null;
    }

    private String token() {
        int start = pos;
        while (pos < s.length() && isTokenChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private void skipSeparators() {
        while (pos < s.length() && (s.charAt(pos) == ',' || isWhitespace(s.charAt(pos)))) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (pos < s.length() && isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isToken68Char(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0;
    }

    /** Appends {@code "value"} with {@code "} and {@code \} escaped. */
    static void appendQuoted(StringBuilder b, String value) {
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        b.append('"');
    }
}
