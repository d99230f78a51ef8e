package org.camgate.protocol.auth;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless Digest nonces: {@code base64url(expiry millis (8) + random (8) + HMAC-SHA256 truncated (16))}, the MAC
 * also covering a binding (the client's address), so a nonce issued to one client is refused from another.
 * Nothing is stored; replays of a nonce by the client it was issued to are bounded by its lifetime and, for
 * {@code qop=auth}, by a {@link NonceCounter}. Thread-safe.
 */
public final class NonceService {

    private static final int EXPIRY_LEN = 8;
    private static final int RANDOM_LEN = 8;
    private static final int MAC_LEN = 16;
    private static final int NONCE_LEN = EXPIRY_LEN + RANDOM_LEN + MAC_LEN;
    /** Base64url without padding of {@link #NONCE_LEN} bytes. */
    private static final int ENCODED_LEN = (NONCE_LEN * 4 + 2) / 3;
    private static final String HMAC = "HmacSHA256";
    private static final byte[] NO_BINDING = new byte[0];

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A service with its own random secret: nonces do not survive a restart. */
    public NonceService(Duration lifetime, Clock clock) {
        this(randomSecret(), lifetime, clock);
    }

    public NonceService(byte[] secret, Duration lifetime, Clock clock) {
        requireNonNull(secret, "secret");
        requireNonNull(lifetime, "lifetime");
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: >= 16)");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime: " + lifetime + " (expected: > 0)");
        }
        this.key = new SecretKeySpec(secret.clone(), HMAC);
        this.lifetime = lifetime;
        this.clock = requireNonNull(clock, "clock");
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A fresh nonce valid for {@link #lifetime()}; URL-safe characters only, so it needs no escaping. */
    public String issue() {
        return issue(NO_BINDING);
    }

    /** A fresh nonce that {@link #check(String, byte[])} accepts only with the same {@code binding}. */
    public String issue(byte[] binding) {
        requireNonNull(binding, "binding");
        byte[] nonce = new byte[NONCE_LEN];
        ByteBuffer.wrap(nonce).putLong(clock.millis() + lifetime.toMillis());
        byte[] rnd = new byte[RANDOM_LEN];
        random.nextBytes(rnd);
        System.arraycopy(rnd, 0, nonce, EXPIRY_LEN, RANDOM_LEN);
        System.arraycopy(mac(nonce, binding), 0, nonce, EXPIRY_LEN + RANDOM_LEN, MAC_LEN);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /** Whether {@code nonce} was issued by this service (same secret) and is still within its lifetime. */
    public NonceStatus check(String nonce) {
        return check(nonce, NO_BINDING);
    }

    /** As {@link #check(String)}, for a nonce issued with {@code binding}: another binding makes it INVALID. */
    public NonceStatus check(String nonce, byte[] binding) {
        requireNonNull(binding, "binding");
        if (nonce == null || nonce.length() != ENCODED_LEN) {
            return NonceStatus.INVALID;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return NonceStatus.INVALID;
        }
        if (bytes.length != NONCE_LEN) {
            return NonceStatus.INVALID;
        }
        byte[] expected = mac(bytes, binding);
        byte[] actual = Arrays.copyOfRange(bytes, EXPIRY_LEN + RANDOM_LEN, NONCE_LEN);
        if (!MessageDigest.isEqual(expected, actual)) {
            return NonceStatus.INVALID;
        }
        long expiry = ByteBuffer.wrap(bytes).getLong();
        return clock.millis() < expiry ? NonceStatus.VALID : NonceStatus.STALE;
    }

    /** The truncated MAC over the expiry and random parts of {@code nonce} and the binding. */
    private byte[] mac(byte[] nonce, byte[] binding) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(nonce, 0, EXPIRY_LEN + RANDOM_LEN);
            mac.update((byte) binding.length);
            mac.update(binding);
            return Arrays.copyOf(mac.doFinal(), MAC_LEN);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA lacks " + HMAC, e);
        }
    }
}
