package org.camgate.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The Digest hash algorithms camgate supports (RFC 7616 section 3.2); the {@code -sess} variants are not. */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String headerName;
    private final String jcaName;

    DigestAlgorithm(String headerName, String jcaName) {
        this.headerName = headerName;
        this.jcaName = jcaName;
    }

    /** The name used in the {@code algorithm} parameter. */
    public String headerName() {
        return headerName;
    }

    /**
     * The algorithm for an {@code algorithm} parameter value (case-insensitive); an absent
     * parameter (null) means MD5. Empty for anything unsupported, including {@code MD5-sess}.
     */
    public static Optional<DigestAlgorithm> fromHeader(String value) {
        if (value == null) {
            return Optional.of(MD5);
        }
        for (DigestAlgorithm a : values()) {
            if (a.headerName.equalsIgnoreCase(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of the hash of the UTF-8 bytes of {@code data}. */
    public String hex(String data) {
        try {
            MessageDigest md = MessageDigest.getInstance(jcaName);
            return HexFormat.of().formatHex(md.digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JCA lacks " + jcaName, e);
        }
    }

    /**
     * The request digest: with {@code qop} (RFC 7616) {@code H(HA1:nonce:nc:cnonce:qop:HA2)},
     * without it (RFC 2069) {@code H(HA1:nonce:HA2)}, where {@code HA1 = H(user:realm:password)}
     * and {@code HA2 = H(method:uri)}.
     */
    String response(String username, String realm, String password, String method, String uri,
                    String nonce, String qop, String nc, String cnonce) {
        String ha1 = hex(username + ':' + realm + ':' + password);
        String ha2 = hex(method + ':' + uri);
        if (qop == null) {
            return hex(ha1 + ':' + nonce + ':' + ha2);
        }
        return hex(ha1 + ':' + nonce + ':' + nc + ':' + cnonce + ':' + qop + ':' + ha2);
    }
}
