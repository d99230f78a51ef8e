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
        /** The right credentials again with a nonce count already used: a replay, or a client that must take a fresh nonce. */
        REPLAYED,
        /** Not Digest, a required parameter missing or malformed, another realm, {@code userhash=true}, or an unsupported algorithm/qop. */
        MALFORMED;

        public boolean isOk() {
            return this == OK;
        }
    }

    /** How the header's {@code uri} must match the request's. */
    public enum UriMatch {
        /** RTSP: the same first path segment (the camera), see {@link DigestUriCheck#accepts}. */
        SAME_CAMERA,
        /** HTTP: the same path and query, see {@link DigestUriCheck#sameResource}. */
        SAME_RESOURCE
    }

    private static final byte[] NO_BINDING = new byte[0];

    private final String realm;
    private final NonceService nonces;
    private final UriMatch uriMatch;
    private final NonceCounter counter;

    /** For RTSP, without nonce-count tracking (test servers and simulated cameras). */
    public DigestVerifier(String realm, NonceService nonces) {
        this(realm, nonces, UriMatch.SAME_CAMERA, null);
    }

    /**
     * @param counter tracks {@code nc} per nonce so each {@code qop=auth} request is accepted once; null for none
     */
    public DigestVerifier(String realm, NonceService nonces, UriMatch uriMatch, NonceCounter counter) {
        this.realm = requireNonNull(realm, "realm");
        this.nonces = requireNonNull(nonces, "nonces");
        this.uriMatch = requireNonNull(uriMatch, "uriMatch");
        this.counter = counter;
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
        return verify(h, method, requestUri, password, NO_BINDING);
    }

    /**
     * As {@link #verify(AuthorizationHeader, String, String, String)}, for nonces issued with
     * {@link NonceService#issue(byte[])}: a nonce bound to another client is {@link Result#BAD_NONCE}.
     */
    public Result verify(AuthorizationHeader h, String method, String requestUri, String password, byte[] binding) {
        requireNonNull(h, "h");
        requireNonNull(binding, "binding");
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
        boolean uriOk = uriMatch == UriMatch.SAME_CAMERA ? DigestUriCheck.accepts(h.uri(), requestUri, method)
                : DigestUriCheck.sameResource(h.uri(), requestUri);
        if (!uriOk) {
            return Result.URI_MISMATCH;
        }
        NonceStatus nonce = nonces.check(h.nonce(), binding);
        if (nonce == NonceStatus.INVALID) {
            return Result.BAD_NONCE;
        }
        String expected = algorithm.get().response(h.username(), realm, password, method, h.uri(),
                h.nonce(), qop, h.nc(), h.cnonce());
        byte[] actual = h.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual)) {
            return Result.BAD_RESPONSE;
        }
        if (nonce == NonceStatus.STALE) {
            return Result.STALE_NONCE;
        }
        if (counter != null && qop != null && !counter.advance(h.nonce(), h.nc())) {
            return Result.REPLAYED;
        }
        return Result.OK;
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
