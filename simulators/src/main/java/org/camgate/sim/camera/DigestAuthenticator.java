package org.camgate.sim.camera;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import org.camgate.protocol.auth.AuthorizationHeader;
import org.camgate.protocol.auth.DigestChallenge;
import org.camgate.protocol.auth.DigestVerifier;
import org.camgate.protocol.auth.NonceService;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Digest authentication (RFC 7616, MD5 and SHA-256, qop=auth or none) as IP cameras do it. */
public final class DigestAuthenticator implements RequestAuthenticator {
    private final DigestVerifier verifier;
    private final NonceService nonces;

    public DigestAuthenticator(String realm, NonceService nonces) {
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.verifier = new DigestVerifier(realm, nonces);
    }

    /** Nonces valid for five minutes, with a random secret. */
    public DigestAuthenticator(String realm) {
        this(realm, new NonceService(Duration.ofMinutes(5), Clock.systemUTC()));
    }

    @Override
    public List<String> check(HttpRequest request, String username, String password) {
        AuthorizationHeader header = AuthorizationHeader.parse(request.headers().get(HttpHeaderNames.AUTHORIZATION))
                .orElse(null);
        boolean stale = false;
        if (header != null && header.isDigest() && username.equals(header.username())) {
            DigestVerifier.Result result = verifier.verify(header, request.method().name(), request.uri(), password);
            if (result.isOk()) {
                return List.of();
            }
            stale = result == DigestVerifier.Result.STALE_NONCE;
        }
        return DigestChallenge.headers(verifier.realm(), nonces.issue(), null, stale);
    }
}
