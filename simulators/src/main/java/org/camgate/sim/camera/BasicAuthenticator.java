package org.camgate.sim.camera;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import org.camgate.protocol.auth.AuthorizationHeader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/** HTTP Basic authentication (RFC 7617): for testing clients against a camera that only does Basic. */
public final class BasicAuthenticator implements RequestAuthenticator {
    private final String realm;

    public BasicAuthenticator(String realm) {
        this.realm = Objects.requireNonNull(realm, "realm");
    }

    @Override
    public List<String> check(HttpRequest request, String username, String password) {
        AuthorizationHeader header = AuthorizationHeader.parse(request.headers().get(HttpHeaderNames.AUTHORIZATION))
                .orElse(null);
        if (header != null && header.isBasic() && header.username() != null && header.basicPassword() != null) {
            byte[] given = (header.username() + ":" + header.basicPassword()).getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, (username + ":" + password).getBytes(StandardCharsets.UTF_8))) {
                return List.of();
            }
        }
        return List.of("Basic realm=\"" + realm + "\"");
    }
}
