package org.camgate.auth;

import org.camgate.access.LoginThrottle;
import org.camgate.config.UserConfig;
import org.camgate.protocol.auth.AuthorizationHeader;
import org.camgate.protocol.auth.DigestChallenge;
import org.camgate.protocol.auth.DigestVerifier;
import org.camgate.protocol.auth.NonceCounter;
import org.camgate.protocol.auth.NonceService;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Digest authentication of readers (RFC 7616): every challenge offers SHA-256 and MD5 (FFmpeg only does MD5), with
 * expiring nonces bound to the client's address; Basic is never offered nor accepted. With {@code qop=auth} each
 * nonce count is accepted once. Failures go to the shared {@link LoginThrottle}: during a lockout, credentials are
 * refused without being checked, and the answer is held back.
 */
public final class DigestReaderAuthenticator implements ReaderAuthenticator {
    public static final String REALM = "camgate";

    /** Replaced whole by {@link #update} (a reload). */
    private volatile Map<String, String> passwords;
    private final NonceService nonces;
    private final DigestVerifier verifier;
    private final LoginThrottle throttle;
    private final String opaque;
    /** Compared against when the user is unknown, so timing does not tell which names exist. */
    private final String dummyPassword;

    /**
     * @param uriMatch how the digest {@code uri} must match the request: per camera (RTSP) or per resource (HTTP)
     * @param counter  the nonce counts seen, shared by every authenticator using {@code nonces}
     */
    public DigestReaderAuthenticator(List<UserConfig> users, NonceService nonces, NonceCounter counter,
                                     DigestVerifier.UriMatch uriMatch, LoginThrottle throttle) {
        update(users);
        this.nonces = nonces;
        this.verifier = new DigestVerifier(REALM, nonces, uriMatch, counter);
        this.throttle = throttle;
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        this.opaque = HexFormat.of().formatHex(bytes);
        random.nextBytes(bytes);
        this.dummyPassword = HexFormat.of().formatHex(bytes);
    }

    /** Takes the users of a reloaded configuration: requests from now on are checked against their passwords. */
    public void update(List<UserConfig> users) {
        Map<String, String> next = new HashMap<>();
        users.forEach(u -> next.put(u.name(), u.password()));
        passwords = Map.copyOf(next);
    }

    @Override
    public Outcome authenticate(String method, String uri, String cameraId, String authorization, InetAddress remote) {
        if (authorization == null) {
            return challenge(false, null, null, remote, false, Duration.ZERO);
        }
        Optional<AuthorizationHeader> parsed = AuthorizationHeader.parse(authorization);
        String claimed = parsed.map(AuthorizationHeader::username).orElse(null);
        Duration lockout = throttle.lockout(remote, claimed);
        if (!lockout.isZero()) {
            boolean crossed = throttle.recordFailure(remote, claimed);
            return challenge(false, "too many failed logins: refused unchecked", claimed, remote, crossed, lockout);
        }
        if (parsed.isEmpty()) {
            return fail("malformed credentials", null, remote);
        }
        AuthorizationHeader header = parsed.get();
        if (header.isBasic()) {
            return fail("Basic authentication is not accepted", header.username(), remote);
        }
        String password = passwords.get(header.username());
        DigestVerifier.Result result = verifier.verify(header, method, uri, password == null ? dummyPassword : password,
                remote.getAddress());
        if (password != null && result == DigestVerifier.Result.OK) {
            throttle.recordSuccess(remote, header.username());
            return new Granted(header.username());
        }
        if (password != null && (result == DigestVerifier.Result.STALE_NONCE || result == DigestVerifier.Result.REPLAYED)) {
            return challenge(true, null, null, remote, false, Duration.ZERO);
        }
        String reason = switch (result) {
            case OK, STALE_NONCE, REPLAYED, BAD_RESPONSE -> password == null ? "unknown user" : "wrong password";
            case BAD_NONCE -> "nonce not issued by this gateway to this address";
            case URI_MISMATCH -> "digest uri does not match the request";
            case MALFORMED -> "malformed digest credentials";
        };
        return fail(reason, header.username(), remote);
    }

    private Outcome fail(String reason, String user, InetAddress remote) {
        boolean crossed = throttle.recordFailure(remote, user);
        return challenge(false, reason, user, remote, crossed, throttle.lockout(remote, user));
    }

    private Challenge challenge(boolean stale, String failure, String user, InetAddress remote, boolean crossed,
                                Duration delay) {
        List<String> headers = DigestChallenge.headers(REALM, nonces.issue(remote.getAddress()), opaque, stale);
        return new Challenge(headers, delay, failure, user, crossed);
    }
}
