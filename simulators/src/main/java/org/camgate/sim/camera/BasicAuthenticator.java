package org.camgate.sim.camera;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/** HTTP Basic authentication (RFC 7617), enough for a test camera. */
public final class BasicAuthenticator implements RequestAuthenticator {
    private final String realm;

    public BasicAuthenticator(String realm) {
        this.realm = java.util.Objects.requireNonNull(realm, "realm");
    }

    @Override
    public boolean authenticate(HttpRequest request, String username, String password) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }

    @Override
    public List<String> challenges() {
        return List.of("Basic realm=\"" + realm + "\"");
    }
}
