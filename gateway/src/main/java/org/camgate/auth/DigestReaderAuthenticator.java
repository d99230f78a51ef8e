package org.camgate.auth;

import org.camgate.access.AuthFailureLimiter;
import org.camgate.config.UserConfig;
import org.camgate.protocol.auth.AuthorizationHeader;
import org.camgate.protocol.auth.DigestChallenge;
import org.camgate.protocol.auth.DigestVerifier;
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
 * Digest authentication of readers (RFC 7616): every challenge offers SHA-256 and MD5 (FFmpeg
 * only does MD5), with expiring nonces; Basic is never offered nor accepted. Failures are counted
 * per address and answered ever more slowly once over the limit.
 */
public final class DigestReaderAuthenticator implements ReaderAuthenticator {
    public static final String REALM = "camgate";

    private final Map<String, String> passwords = new HashMap<>();
    private final NonceService nonces;
    private final DigestVerifier verifier;
    private final AuthFailureLimiter limiter;
    private final String opaque;
    /** Compared against when the user is unknown, so timing does not tell which names exist. */
    private final String dummyPassword;

    public DigestReaderAuthenticator(List<UserConfig> users, NonceService nonces, AuthFailureLimiter limiter) {
        users.forEach(u -> passwords.put(u.name(), u.password()));
        this.nonces = nonces;
        this.verifier = new DigestVerifier(REALM, nonces);
        this.limiter = limiter;
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        this.opaque = HexFormat.of().formatHex(bytes);
        random.nextBytes(bytes);
        this.dummyPassword = HexFormat.of().formatHex(bytes);
    }

    @Override
    public Outcome authenticate(String method, String uri, String cameraId, String authorization, InetAddress remote) {
        if (authorization == null) {
            return challenge(false, null, null, remote, false);
        }
        Optional<AuthorizationHeader> parsed = AuthorizationHeader.parse(authorization);
        if (parsed.isEmpty()) {
            return fail("malformed credentials", null, remote);
        }
        AuthorizationHeader header = parsed.get();
        if (header.isBasic()) {
            return fail("Basic authentication is not accepted", header.username(), remote);
        }
        String password = passwords.get(header.username());
        DigestVerifier.Result result = verifier.verify(header, method, uri, password == null ? dummyPassword : password);
        if (password != null && result == DigestVerifier.Result.OK) {
            limiter.recordSuccess(remote);
            return new Granted(header.username());
        }
        if (password != null && result == DigestVerifier.Result.STALE_NONCE) {
            return challenge(true, null, null, remote, false);
        }
        String reason = switch (result) {
            case OK, STALE_NONCE, BAD_RESPONSE -> password == null ? "unknown user" : "wrong password";
            case BAD_NONCE -> "nonce not issued by this gateway";
            case URI_MISMATCH -> "digest uri does not match the request";
            case MALFORMED -> "malformed digest credentials";
        };
        return fail(reason, header.username(), remote);
    }

    private Outcome fail(String reason, String user, InetAddress remote) {
        boolean crossed = limiter.recordFailure(remote);
        return challenge(false, reason, user, remote, crossed);
    }

    private Challenge challenge(boolean stale, String failure, String user, InetAddress remote, boolean crossed) {
        List<String> headers = DigestChallenge.headers(REALM, nonces.issue(), opaque, stale);
        Duration delay = failure == null ? Duration.ZERO : limiter.delayFor(remote);
        return new Challenge(headers, delay, failure, user, crossed);
    }
}
