package org.camgate.protocol.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code Authorization} request header: {@code Digest} (RFC 7616 / RFC 2069) or
 * {@code Basic} (RFC 7617). Parameter accessors return null when the parameter is absent.
 * {@link #toString()} never shows the password or the digest response.
 */
public final class AuthorizationHeader {

    /** The schemes camgate understands. */
    public enum Scheme { DIGEST, BASIC }

    private final Scheme scheme;
    private final Map<String, String> params;
    private final String basicUser;
    private final String basicPassword;

    private AuthorizationHeader(Scheme scheme, Map<String, String> params, String basicUser, String basicPassword) {
        this.scheme = scheme;
        this.params = params;
        this.basicUser = basicUser;
        this.basicPassword = basicPassword;
    }

    /**
     * Parses a header value. Returns empty, never throws, for anything malformed, hostile
     * (over {@value AuthParams#MAX_LENGTH} characters, over {@value AuthParams#MAX_PARAMS}
     * parameters, duplicate parameters, unterminated quotes, control characters), for Digest
     * without parameters, or for another scheme.
     */
    public static Optional<AuthorizationHeader> parse(String headerValue) {
        List<AuthParams.Item> items = AuthParams.parse(headerValue);
        if (items == null || items.size() != 1) {
            return Optional.empty();
        }
        AuthParams.Item item = items.get(0);
        if (item.scheme().equalsIgnoreCase("Digest") && item.token68() == null && !item.params().isEmpty()) {
            return Optional.of(new AuthorizationHeader(Scheme.DIGEST, item.params(), null, null));
        }
        if (item.scheme().equalsIgnoreCase("Basic") && item.token68() != null) {
            return parseBasic(item.token68());
        }
        return Optional.empty();
    }

    private static Optional<AuthorizationHeader> parseBasic(String token68) {
        String decoded;
        try {
            byte[] bytes = Base64.getDecoder().decode(token68);
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || hasControlChar(decoded)) {
            return Optional.empty();
        }
        return Optional.of(new AuthorizationHeader(Scheme.BASIC, Map.of(),
                decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static boolean hasControlChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    public Scheme scheme() {
        return scheme;
    }

    public boolean isDigest() {
        return scheme == Scheme.DIGEST;
    }

    public boolean isBasic() {
        return scheme == Scheme.BASIC;
    }

    /** A Digest parameter by its (case-insensitive) name, or null. */
    public String param(String name) {
        return params.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The user name: the Digest {@code username} parameter or the Basic user. */
    public String username() {
        return scheme == Scheme.BASIC ? basicUser : params.get("username");
    }

    /** The Basic password, or null for Digest. */
    public String basicPassword() {
        return basicPassword;
    }

    public String realm() {
        return params.get("realm");
    }

    public String nonce() {
        return params.get("nonce");
    }

    public String uri() {
        return params.get("uri");
    }

    public String response() {
        return params.get("response");
    }

    /** The {@code algorithm} parameter as sent, or null (meaning MD5). */
    public String algorithm() {
        return params.get("algorithm");
    }

    public String qop() {
        return params.get("qop");
    }

    public String nc() {
        return params.get("nc");
    }

    public String cnonce() {
        return params.get("cnonce");
    }

    public String opaque() {
        return params.get("opaque");
    }

    /** Whether {@code userhash=true}: then {@link #username()} is a hash, not the name. */
    public boolean userhash() {
        return "true".equalsIgnoreCase(params.get("userhash"));
    }

    @Override
    public String toString() {
        if (scheme == Scheme.BASIC) {
            return "Basic{user=" + basicUser + "}";
        }
        return "Digest{username=" + username() + ", realm=" + realm() + ", uri=" + uri()
                + ", algorithm=" + algorithm() + ", qop=" + qop() + ", nc=" + nc() + "}";
    }
}
