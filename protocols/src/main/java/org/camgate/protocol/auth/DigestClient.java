package org.camgate.protocol.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Client side of Digest/Basic authentication, for requests towards a camera. Usage: send a request
 * without credentials; on 401 call {@link #onUnauthorized(List)} with the response's
 * {@code WWW-Authenticate} values; when it returns true, repeat the request with
 * {@link #authorization(String, String)}, and keep adding it to later requests. When it returns
 * false, the credentials were refused (or nothing usable was offered): do not retry.
 * Basic sends the password itself (only Base64-encoded): a client made with {@code allowBasic}
 * false never sends it, and {@link #basicRefused()} tells why it gave up.
 * Thread-safe.
 */
public final class DigestClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String username;
    private final String password;
    private final Supplier<String> cnonces;
    private final boolean allowBasic;

    private AuthChallenge challenge;
    private DigestAlgorithm algorithm;
    private boolean qopAuth;
    private int nc;
    private boolean sentSinceChallenge;
    private boolean basicRefused;

    /** A client that answers Basic when Basic is all a server offers. */
    public DigestClient(String username, String password) {
        this(username, password, true);
    }

    /**
     * @param allowBasic whether to answer a server that offers only Basic; when false such a
     *     challenge is refused and the password is never sent
     */
    public DigestClient(String username, String password, boolean allowBasic) {
        this(username, password, DigestClient::randomCnonce, allowBasic);
    }

    /** For tests: a fixed cnonce source. */
    DigestClient(String username, String password, Supplier<String> cnonces) {
        this(username, password, cnonces, true);
    }

    private DigestClient(String username, String password, Supplier<String> cnonces, boolean allowBasic) {
        this.username = requireNonNull(username, "username");
        this.password = requireNonNull(password, "password");
        this.cnonces = requireNonNull(cnonces, "cnonces");
        this.allowBasic = allowBasic;
    }

    private static String randomCnonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Takes the challenges of a 401 response. Chooses Digest SHA-256 if offered, else Digest MD5,
     * else Basic when Basic is all that is offered and this client allows it.
     *
     * @return true when the request should be repeated with {@link #authorization}: no credentials
     *     had been sent for the previous challenge, or the server says the nonce was stale; false
     *     when credentials were refused or no challenge is usable (see also {@link #basicRefused()})
     */
    public synchronized boolean onUnauthorized(List<String> wwwAuthenticate) {
        List<AuthChallenge> offered = DigestChallenge.parse(wwwAuthenticate);
        Optional<AuthChallenge> chosen = choose(offered);
        basicRefused = false;
        if (chosen.isEmpty()) {
            return false;
        }
        AuthChallenge next = chosen.get();
        if (next.isBasic() && !allowBasic) {
            basicRefused = true;
            return false;
        }
        boolean retry = !sentSinceChallenge || challenge == null
                || (next.isDigest() && next.stale() && !next.nonce().equals(challenge.nonce()));
        if (!retry) {
            return false;
        }
        challenge = next;
        algorithm = next.isDigest() ? DigestAlgorithm.fromHeader(next.param("algorithm")).orElseThrow() : null;
        qopAuth = next.isDigest() && next.offersQopAuth();
        nc = 0;
        sentSinceChallenge = false;
        return true;
    }

    private static Optional<AuthChallenge> choose(List<AuthChallenge> offered) {
        AuthChallenge md5 = null;
        boolean onlyBasic = !offered.isEmpty();
        AuthChallenge basic = null;
        for (AuthChallenge c : offered) {
            if (c.isBasic()) {
                basic = basic == null ? c : basic;
                continue;
            }
            onlyBasic = false;
            if (!c.isDigest() || c.realm() == null || c.nonce() == null) {
                continue;
            }
            if (c.param("qop") != null && !c.offersQopAuth()) {
                continue;
            }
            Optional<DigestAlgorithm> a = DigestAlgorithm.fromHeader(c.param("algorithm"));
            if (a.isEmpty()) {
                continue;
            }
            if (a.get() == DigestAlgorithm.SHA_256) {
                return Optional.of(c);
            }
            md5 = md5 == null ? c : md5;
        }
        if (md5 != null) {
            return Optional.of(md5);
        }
        return onlyBasic ? Optional.ofNullable(basic) : Optional.empty();
    }

    /**
     * Whether the last {@link #onUnauthorized} gave up because the server offered only Basic and
     * this client does not allow it (rather than because credentials were refused).
     */
    public synchronized boolean basicRefused() {
        return basicRefused;
    }

    /** Whether a challenge has been accepted, so {@link #authorization} can be called. */
    public synchronized boolean hasChallenge() {
        return challenge != null;
    }

    /**
     * The {@code Authorization} value for a request. With {@code qop=auth} each call counts
     * {@code nc} up and uses a fresh cnonce.
     *
     * @throws IllegalStateException before a challenge was accepted
     */
    public synchronized String authorization(String method, String uri) {
        requireNonNull(method, "method");
        requireNonNull(uri, "uri");
        if (challenge == null) {
            throw new IllegalStateException("no challenge accepted yet");
        }
        sentSinceChallenge = true;
        if (challenge.isBasic()) {
            return "Basic " + Base64.getEncoder().encodeToString(
                    (username + ':' + password).getBytes(StandardCharsets.UTF_8));
        }
        String realm = challenge.realm();
        String nonce = challenge.nonce();
        String ncValue = null;
        String cnonce = null;
        if (qopAuth) {
            ncValue = String.format("%08x", ++nc);
            cnonce = cnonces.get();
        }
        String response = algorithm.response(username, realm, password, method, uri, nonce,
                qopAuth ? "auth" : null, ncValue, cnonce);
        StringBuilder b = new StringBuilder(256).append("Digest username=");
        AuthParams.appendQuoted(b, username);
        b.append(", realm=");
        AuthParams.appendQuoted(b, realm);
        b.append(", nonce=");
        AuthParams.appendQuoted(b, nonce);
        b.append(", uri=");
        AuthParams.appendQuoted(b, uri);
        b.append(", response=\"").append(response).append('"');
        if (challenge.param("algorithm") != null) {
            b.append(", algorithm=").append(algorithm.headerName());
        }
        if (qopAuth) {
            b.append(", qop=auth, nc=").append(ncValue).append(", cnonce=");
            AuthParams.appendQuoted(b, cnonce);
        }
        if (challenge.opaque() != null) {
            b.append(", opaque=");
            AuthParams.appendQuoted(b, challenge.opaque());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "DigestClient{user=" + username + "}";
    }
}
