package org.camgate.protocol.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Server-side check of a Digest {@code Authorization} header (RFC 7616 with {@code qop=auth}, and
 * RFC 2069 without qop, as live555 and VLC send). It does not look users up: the caller passes
 * the password of {@link AuthorizationHeader#username()}; for an unknown user, pass a dummy
 * password so the timing does not tell. Thread-safe.
 */
public final class DigestVerifier {

    /** The outcome of {@link #verify}. */
    public enum Result {
        /** The credentials are right and the nonce is fresh. */
        OK,
        /** The credentials are right but the nonce has expired: answer 401 with {@code stale=true}. */
        STALE_NONCE,
        /** Wrong password or user name (an authentication failure). */
        BAD_RESPONSE,
        /** The nonce was not issued by this server. */
        BAD_NONCE,
        /** The header's {@code uri} names another resource than the request. */
        URI_MISMATCH,
        /** Not Digest, a required parameter missing or malformed, another realm, {@code userhash=true}, or an unsupported algorithm/qop. */
        MALFORMED;

        public boolean isOk() {
            return this == OK;
        }
    }

    private final String realm;
    private final NonceService nonces;

    public DigestVerifier(String realm, NonceService nonces) {
        this.realm = requireNonNull(realm, "realm");
        this.nonces = requireNonNull(nonces, "nonces");
    }

    public String realm() {
        return realm;
    }

    /**
     * @param h          the parsed header
     * @param method     the request method (RTSP: DESCRIBE, SETUP, ...)
     * @param requestUri the request-line URI, checked against the header's {@code uri} with {@link DigestUriCheck}
     * @param password   the password of {@code h.username()}
     */
    public Result verify(AuthorizationHeader h, String method, String requestUri, String password) {
        requireNonNull(h, "h");
        requireNonNull(method, "method");
        if (!h.isDigest() || h.username() == null || h.nonce() == null || h.uri() == null
                || h.response() == null || password == null || h.userhash()) {
            return Result.MALFORMED;
        }
        if (!realm.equals(h.realm())) {
            return Result.MALFORMED;
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromHeader(h.algorithm());
        if (algorithm.isEmpty()) {
            return Result.MALFORMED;
        }
        String qop = h.qop();
        if (qop != null && (!qop.equalsIgnoreCase("auth") || !isNc(h.nc()) || h.cnonce() == null || h.cnonce().isEmpty())) {
            return Result.MALFORMED;
        }
        if (!DigestUriCheck.accepts(h.uri(), requestUri, method)) {
            return Result.URI_MISMATCH;
        }
        NonceStatus nonce = nonces.check(h.nonce());
        if (nonce == NonceStatus.INVALID) {
            return Result.BAD_NONCE;
        }
        String expected = algorithm.get().response(h.username(), realm, password, method, h.uri(),
                h.nonce(), qop, h.nc(), h.cnonce());
        byte[] actual = h.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual)) {
            return Result.BAD_RESPONSE;
        }
        return nonce == NonceStatus.STALE ? Result.STALE_NONCE : Result.OK;
    }

    private static boolean isNc(String nc) {
        if (nc == null || nc.length() != 8) {
            return false;
        }
        for (int i = 0; i < nc.length(); i++) {
            if (Character.digit(nc.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
