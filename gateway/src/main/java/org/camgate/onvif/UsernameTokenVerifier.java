package org.camgate.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Checks WS-Security UsernameToken PasswordDigest credentials (OASIS UsernameToken Profile 1.0):
 * {@code Base64(SHA-1(nonce + Created + password))}, nonce Base64-decoded first. Tokens need a
 * nonce and a Created time within the skew window (300 s back, 60 s ahead by default).
 *
 * <p>Replays: a correct token is remembered by (user, Nonce, Created) until its Created time leaves the window (so
 * the same nonce with a new Created is a new token: clients such as libonvif reuse a nonce within one second). The
 * memory is bounded and never evicts a token that could still be replayed: when it is full, new tokens are refused
 * ({@link Result#BUSY}) until old ones expire. Each user has an equal share of it, so one user (however little it may
 * see) cannot take the others' room.
 */
public final class UsernameTokenVerifier {

    /** The outcome of {@link #verify}. */
    public enum Result {
        OK, BAD_PASSWORD, UNKNOWN_USER, REPLAYED, STALE, MALFORMED, PLAINTEXT,
        /** A correct token the replay memory has no room for (the user's share or the whole is full): refused. */
        BUSY
    }

    /** Clients have been seen sending 16- and 20-byte nonces; anything far outside is refused. */
    private static final int MIN_NONCE_BYTES = 8;
    private static final int MAX_NONCE_BYTES = 64;
    /** Longest Created text accepted (an xs:dateTime with a long fraction and an offset is far shorter). */
    private static final int MAX_CREATED_CHARS = 64;

    private record Key(String user, String nonce, String created) {
    }

    private record Entry(Key key, Instant expires) {
    }

    private final Map<String, String> passwords;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration maxFuture;
    private final int capacity;
    private final int perUser;
    private final Map<Key, Instant> seen = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>(Comparator.comparing(Entry::expires));
    private final Map<String, Integer> perUserCount = new HashMap<>();
    private final String dummyPassword = Long.toHexString(new java.security.SecureRandom().nextLong());

    /**
     * @param maxRememberedTokens how many correct tokens are remembered at most; each of the users gets an equal share
     */
    public UsernameTokenVerifier(Map<String, String> passwords, Clock clock, Duration maxAge, Duration maxFuture,
                                 int maxRememberedTokens) {
        if (maxRememberedTokens < 1) {
            throw new IllegalArgumentException("maxRememberedTokens must be >= 1: " + maxRememberedTokens);
        }
        this.passwords = Map.copyOf(passwords);
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxFuture = maxFuture;
        this.capacity = maxRememberedTokens;
        this.perUser = Math.max(1, maxRememberedTokens / Math.max(1, passwords.size()));
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
        if (nonceBase64 == null || created == null || created.length() > MAX_CREATED_CHARS) {
            return Result.MALFORMED;
        }
        byte[] nonce;
        byte[] claimed;
        Instant createdAt;
        String createdText = created.trim();
        try {
            nonce = Base64.getMimeDecoder().decode(nonceBase64.trim());
            claimed = Base64.getMimeDecoder().decode(passwordValue.trim());
            createdAt = OffsetDateTime.parse(createdText).toInstant();
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
        byte[] expected = digest(nonce, createdText, password == null ? dummyPassword : password);
        boolean match = MessageDigest.isEqual(expected, claimed);
        if (password == null) {
            return Result.UNKNOWN_USER;
        }
        if (!match) {
            return Result.BAD_PASSWORD;
        }
        // Only a correct token is remembered, so a guesser can neither burn a real client's token nor fill the memory.
        return remember(new Key(user, Base64.getEncoder().encodeToString(nonce), createdText),
                createdAt.plus(maxAge), now);
    }

    private synchronized Result remember(Key key, Instant expires, Instant now) {
        Entry oldest;
        while ((oldest = byExpiry.peek()) != null && oldest.expires().isBefore(now)) {
            // Kept while its token could pass the age check (Created >= now - maxAge).
            byExpiry.poll();
            seen.remove(oldest.key());
            perUserCount.computeIfPresent(oldest.key().user(), (u, n) -> n <= 1 ? null : n - 1);
        }
        if (seen.containsKey(key)) {
            return Result.REPLAYED;
        }
        if (seen.size() >= capacity || perUserCount.getOrDefault(key.user(), 0) >= perUser) {
            return Result.BUSY;
        }
        seen.put(key, expires);
        byExpiry.add(new Entry(key, expires));
        perUserCount.merge(key.user(), 1, Integer::sum);
        return Result.OK;
    }

    /** Tokens remembered now (expired ones are dropped on the next verification). */
    synchronized int remembered() {
        return seen.size();
    }

    /** How many tokens one user may have remembered at once. */
    int perUserShare() {
        return perUser;
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
