package org.camgate.onvif;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Checks WS-Security UsernameToken PasswordDigest credentials (OASIS UsernameToken Profile 1.0):
 * {@code Base64(SHA-1(nonce + Created + password))}, nonce Base64-decoded first. Tokens need a
 * nonce and a Created time within the skew window (300 s back, 60 s ahead by default); each nonce
 * is accepted once while it could still be within the window (Caffeine cache, bounded).
 */
public final class UsernameTokenVerifier {

    /** The outcome of {@link #verify}. */
    public enum Result { OK, BAD_PASSWORD, UNKNOWN_USER, REPLAYED, STALE, MALFORMED, PLAINTEXT }

    /** Clients have been seen sending 16- and 20-byte nonces; anything far outside is refused. */
    private static final int MIN_NONCE_BYTES = 8;
    private static final int MAX_NONCE_BYTES = 64;

    private final Map<String, String> passwords;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration maxFuture;
    private final Cache<String, Boolean> seenNonces;
    private final String dummyPassword = Long.toHexString(new java.security.SecureRandom().nextLong());

    public UsernameTokenVerifier(Map<String, String> passwords, Clock clock, Duration maxAge, Duration maxFuture,
                                 long maxRememberedNonces) {
        this.passwords = Map.copyOf(passwords);
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxFuture = maxFuture;
        this.seenNonces = Caffeine.newBuilder()
                .maximumSize(maxRememberedNonces)
                .expireAfterWrite(maxAge.plus(maxFuture))
                .build();
    }

    /**
     * @param passwordType the Type attribute of Password (null is taken as PasswordText, which is refused)
     */
    public Result verify(String user, String passwordValue, String passwordType, String nonceBase64, String created) {
        if (user == null || passwordValue == null) {
            return Result.MALFORMED;
        }
        if (passwordType == null || !passwordType.endsWith("#PasswordDigest")) {
            return Result.PLAINTEXT;
        }
        if (nonceBase64 == null || created == null) {
            return Result.MALFORMED;
        }
        byte[] nonce;
        byte[] claimed;
        Instant createdAt;
        try {
            nonce = Base64.getMimeDecoder().decode(nonceBase64.trim());
            claimed = Base64.getMimeDecoder().decode(passwordValue.trim());
            createdAt = OffsetDateTime.parse(created.trim()).toInstant();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Result.MALFORMED;
        }
        if (nonce.length < MIN_NONCE_BYTES || nonce.length > MAX_NONCE_BYTES) {
            return Result.MALFORMED;
        }
        Instant now = clock.instant();
        if (createdAt.isBefore(now.minus(maxAge)) || createdAt.isAfter(now.plus(maxFuture))) {
            return Result.STALE;
        }
        String password = passwords.get(user);
        byte[] expected = digest(nonce, created.trim(), password == null ? dummyPassword : password);
        boolean match = MessageDigest.isEqual(expected, claimed);
        if (password == null) {
            return Result.UNKNOWN_USER;
        }
        if (!match) {
            return Result.BAD_PASSWORD;
        }
        // Only a correct token consumes its nonce, so a guesser cannot burn a real client's nonce.
        if (seenNonces.asMap().putIfAbsent(Base64.getEncoder().encodeToString(nonce), Boolean.TRUE) != null) {
            return Result.REPLAYED;
        }
        return Result.OK;
    }

    static byte[] digest(byte[] nonce, String created, String password) {
        Objects.requireNonNull(password, "password");
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
