package org.camgate.protocol.auth;

import java.util.Locale;
import java.util.Map;

/**
 * One challenge from a {@code WWW-Authenticate} header, as parsed by {@link DigestChallenge#parse}.
 *
 * @param scheme the scheme as sent (compare case-insensitively; see {@link #isDigest()})
 * @param params the parameters, names lower-cased, in order
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        params = Map.copyOf(params);
    }

    public boolean isDigest() {
        return "Digest".equalsIgnoreCase(scheme);
    }

    public boolean isBasic() {
        return "Basic".equalsIgnoreCase(scheme);
    }

    /** A parameter by its (case-insensitive) name, or null. */
    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    public String realm() {
        return params.get("realm");
    }

    public String nonce() {
        return params.get("nonce");
    }

    public String opaque() {
        return params.get("opaque");
    }

    /** Whether {@code stale=true}: the credentials were right, only the nonce had expired. */
    public boolean stale() {
        return "true".equalsIgnoreCase(params.get("stale"));
    }

    /** Whether the challenge offers {@code qop=auth} (the list may also hold {@code auth-int}). */
    public boolean offersQopAuth() {
        String qop = params.get("qop");
        if (qop == null) {
            return false;
        }
        for (String option : qop.split(",")) {
            if (option.trim().equalsIgnoreCase("auth")) {
                return true;
            }
        }
        return false;
    }
}
