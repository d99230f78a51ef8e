package org.camgate.upstream.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * A WS-Security UsernameToken with PasswordDigest (OASIS UsernameToken Profile 1.0, as ONVIF requires):
 * {@code Base64(SHA-1(nonce + Created + password))}, the nonce as raw bytes.
 * {@link #toString()} never shows the digest.
 *
 * @param username the user name
 * @param nonce    the Base64 nonce as sent
 * @param created  the Created text as sent (UTC, milliseconds, {@code Z})
 * @param digest   the Base64 password digest
 */
record UsernameToken(String username, String nonce, String created, String digest) {

    static UsernameToken create(String username, String password, byte[] nonce, Instant created) {
        String createdText = DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.MILLIS));
        return new UsernameToken(username, Base64.getEncoder().encodeToString(nonce), createdText,
                digest(nonce, createdText, password));
    }

    static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "UsernameToken[" + username + ", created=" + created + "]";
    }
}
