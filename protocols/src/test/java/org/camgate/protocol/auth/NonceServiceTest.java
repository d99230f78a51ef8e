package org.camgate.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import org.camgate.testing.MutableClock;
import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

    private final MutableClock clock = new MutableClock();
    private final NonceService service = new NonceService(SECRET, Duration.ofSeconds(60), clock);

    @Test
    void issuedNonceIsValidUntilItsLifetimeEndsThenStale() {
        String nonce = service.issue();
        assertThat(nonce).matches("[A-Za-z0-9_-]{43}");
        assertThat(service.check(nonce)).isEqualTo(NonceStatus.VALID);

        clock.now = clock.now.plusSeconds(59);
        assertThat(service.check(nonce)).isEqualTo(NonceStatus.VALID);

        clock.now = clock.now.plusSeconds(1);
        assertThat(service.check(nonce)).isEqualTo(NonceStatus.STALE);
    }

    @Test
    void noncesAreUnique() {
        assertThat(service.issue()).isNotEqualTo(service.issue());
    }

    @Test
    void anotherSecretsNonceIsInvalid() {
        NonceService other = new NonceService(Duration.ofSeconds(60), clock);
        assertThat(service.check(other.issue())).isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void tamperedExpiryIsInvalid() {
        byte[] raw = Base64.getUrlDecoder().decode(service.issue());
        raw[7] ^= 0x01;
        assertThat(service.check(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)))
                .isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void garbageIsInvalid() {
        assertThat(service.check(null)).isEqualTo(NonceStatus.INVALID);
        assertThat(service.check("")).isEqualTo(NonceStatus.INVALID);
        assertThat(service.check("!".repeat(43))).isEqualTo(NonceStatus.INVALID);
        assertThat(service.check("A".repeat(43))).isEqualTo(NonceStatus.INVALID);
        assertThat(service.check("A".repeat(10_000))).isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new NonceService(new byte[8], Duration.ofSeconds(1), clock))
                .hasMessage("secret: 8 bytes (expected: >= 16)");
        assertThatThrownBy(() -> new NonceService(SECRET, Duration.ZERO, clock))
                .hasMessage("lifetime: PT0S (expected: > 0)");
    }

    @Test
    void aNonceBoundToOneClientIsInvalidForAnother() {
        byte[] alice = {127, 0, 0, 2};
        byte[] mallory = {127, 0, 0, 3};
        String nonce = service.issue(alice);
        assertThat(service.check(nonce, alice)).isEqualTo(NonceStatus.VALID);
        assertThat(service.check(nonce, mallory)).isEqualTo(NonceStatus.INVALID);
        assertThat(service.check(nonce)).isEqualTo(NonceStatus.INVALID);
        assertThat(service.check(service.issue(), alice)).isEqualTo(NonceStatus.INVALID);
    }
}
