package org.camgate.protocol.auth;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code WWW-Authenticate} values: building them on the server side (RFC 7616 section 3.3) and
 * parsing a camera's on the client side.
 */
public final class DigestChallenge {

    private DigestChallenge() {
    }

    /**
     * One challenge: {@code Digest realm="..", qop="auth", algorithm=SHA-256, nonce="..", opaque=".."[, stale=true]}.
     *
     * @param opaque may be null, then it is left out
     */
    public static String header(DigestAlgorithm algorithm, String realm, String nonce, String opaque, boolean stale) {
        requireNonNull(algorithm, "algorithm");
        requireNonNull(realm, "realm");
        requireNonNull(nonce, "nonce");
        StringBuilder b = new StringBuilder(160).append("Digest realm=");
        AuthParams.appendQuoted(b, realm);
        b.append(", qop=\"auth\", algorithm=").append(algorithm.headerName()).append(", nonce=");
        AuthParams.appendQuoted(b, nonce);
        if (opaque != null) {
            b.append(", opaque=");
            AuthParams.appendQuoted(b, opaque);
        }
        if (stale) {
            b.append(", stale=true");
        }
        return b.toString();
    }

    /**
     * The values a server sends with a 401, one {@code WWW-Authenticate} header each: SHA-256
     * first (preferred by clients that support it), then MD5 (all FFmpeg, VLC and live555 do).
     */
    public static List<String> headers(String realm, String nonce, String opaque, boolean stale) {
        return List.of(header(DigestAlgorithm.SHA_256, realm, nonce, opaque, stale),
                header(DigestAlgorithm.MD5, realm, nonce, opaque, stale));
    }

    /**
     * Parses {@code WWW-Authenticate} values (each may hold several challenges). Values that are
     * malformed are skipped; never throws.
     */
    public static List<AuthChallenge> parse(Iterable<String> headerValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            List<AuthParams.Item> items = AuthParams.parse(value);
            if (items == null) {
                continue;
            }
            for (AuthParams.Item item : items) {
                if (item.token68() == null) {
                    challenges.add(new AuthChallenge(item.scheme(), item.params()));
                }
            }
        }
        return challenges;
    }
}
