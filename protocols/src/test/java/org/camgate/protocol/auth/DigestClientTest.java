package org.camgate.protocol.auth;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.camgate.protocol.auth.DigestVerifier.Result;
import org.junit.jupiter.api.Test;

class DigestClientTest {

    private static final String REALM = "camgate";

    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService(Duration.ofSeconds(30), clock);
    private final DigestVerifier verifier = new DigestVerifier(REALM, nonces);

    @Test
    void serverChallengeOffersSha256FirstThenMd5() {
        List<String> headers = DigestChallenge.headers(REALM, "n1", "op", false);
        assertThat(headers).containsExactly(
                "Digest realm=\"camgate\", qop=\"auth\", algorithm=SHA-256, nonce=\"n1\", opaque=\"op\"",
                "Digest realm=\"camgate\", qop=\"auth\", algorithm=MD5, nonce=\"n1\", opaque=\"op\"");
        assertThat(DigestChallenge.header(DigestAlgorithm.MD5, "a\"b", "n", null, true))
                .isEqualTo("Digest realm=\"a\\\"b\", qop=\"auth\", algorithm=MD5, nonce=\"n\", stale=true");
    }

    @Test
    void roundTripWithTheServerCountingNc() {
        DigestClient client = new DigestClient("nvr", "pw");
        assertThat(client.hasChallenge()).isFalse();
        assertThat(client.onUnauthorized(DigestChallenge.headers(REALM, nonces.issue(), "op", false))).isTrue();

        AuthorizationHeader first = parse(client.authorization("DESCRIBE", "rtsp://gw/cam"));
        AuthorizationHeader second = parse(client.authorization("SETUP", "rtsp://gw/cam/trackID=0"));

        assertThat(first.algorithm()).isEqualTo("SHA-256");
        assertThat(first.nc()).isEqualTo("00000001");
        assertThat(second.nc()).isEqualTo("00000002");
        assertThat(first.cnonce()).isNotEqualTo(second.cnonce());
        assertThat(verifier.verify(first, "DESCRIBE", "rtsp://gw/cam", "pw")).isEqualTo(Result.OK);
        assertThat(verifier.verify(second, "SETUP", "rtsp://gw/cam/trackID=0", "pw")).isEqualTo(Result.OK);
        assertThat(verifier.verify(second, "SETUP", "rtsp://gw/cam/trackID=0", "other")).isEqualTo(Result.BAD_RESPONSE);
    }

    @Test
    void md5OnlyServerWithoutQopGetsRfc2069() {
        DigestClient client = new DigestClient("nvr", "pw");
        String nonce = nonces.issue();
        assertThat(client.onUnauthorized(List.of("Digest realm=\"camgate\", nonce=\"" + nonce + "\""))).isTrue();

        String value = client.authorization("DESCRIBE", "rtsp://gw/cam");
        AuthorizationHeader h = parse(value);
        assertThat(h.qop()).isNull();
        assertThat(h.nc()).isNull();
        assertThat(h.algorithm()).isNull();
        assertThat(verifier.verify(h, "DESCRIBE", "rtsp://gw/cam", "pw")).isEqualTo(Result.OK);
    }

    @Test
    void refusedCredentialsAreNotRetriedButAStaleNonceIs() {
        DigestClient client = new DigestClient("nvr", "pw");
        assertThat(client.onUnauthorized(DigestChallenge.headers(REALM, "n1", null, false))).isTrue();
        client.authorization("DESCRIBE", "/cam");

        assertThat(client.onUnauthorized(DigestChallenge.headers(REALM, "n2", null, true))).isTrue();
        AuthorizationHeader h = parse(client.authorization("DESCRIBE", "/cam"));
        assertThat(h.nonce()).isEqualTo("n2");
        assertThat(h.nc()).isEqualTo("00000001");

        assertThat(client.onUnauthorized(DigestChallenge.headers(REALM, "n3", null, false))).isFalse();
        assertThat(client.onUnauthorized(DigestChallenge.headers(REALM, "n2", null, true))).isFalse();
    }

    @Test
    void choosesSha256OverMd5AndDigestOverBasic() {
        DigestClient client = new DigestClient("u", "p");
        assertThat(client.onUnauthorized(List.of(
                "Basic realm=\"cam\", Digest realm=\"cam\", nonce=\"a\", algorithm=MD5",
                "Digest realm=\"cam\", nonce=\"b\", algorithm=SHA-256, qop=\"auth,auth-int\""))).isTrue();
        AuthorizationHeader h = parse(client.authorization("DESCRIBE", "/x"));
        assertThat(h.nonce()).isEqualTo("b");
        assertThat(h.qop()).isEqualTo("auth");
    }

    @Test
    void usesBasicOnlyWhenItIsAllThatIsOffered() {
        DigestClient client = new DigestClient("u", "p");
        assertThat(client.onUnauthorized(List.of("Basic realm=\"cam\""))).isTrue();
        AuthorizationHeader h = parse(client.authorization("DESCRIBE", "/x"));
        assertThat(h.isBasic()).isTrue();
        assertThat(h.basicPassword()).isEqualTo("p");

        DigestClient picky = new DigestClient("u", "p");
        assertThat(picky.onUnauthorized(List.of("Basic realm=\"cam\"",
                "Digest realm=\"cam\", nonce=\"a\", algorithm=SHA-512-256"))).isFalse();
        assertThat(picky.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"a\", qop=\"auth-int\""))).isFalse();
        assertThat(picky.onUnauthorized(List.of("Negotiate", "garbage \""))).isFalse();
        assertThatThrownBy(() -> picky.authorization("DESCRIBE", "/x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesBasicOnlyChallengesWhenBasicIsNotAllowed() {
        DigestClient client = new DigestClient("u", "secret", false);
        assertThat(client.basicRefused()).isFalse();
        assertThat(client.onUnauthorized(List.of("Basic realm=\"cam\""))).isFalse();
        assertThat(client.basicRefused()).isTrue();
        assertThat(client.hasChallenge()).isFalse();
        assertThatThrownBy(() -> client.authorization("DESCRIBE", "/x")).isInstanceOf(IllegalStateException.class);
        assertThat(client.onUnauthorized(List.of("BASIC realm=\"cam\"", "basic realm=\"other\""))).isFalse();
        assertThat(client.basicRefused()).isTrue();

        // Digest beside Basic is still answered, with Digest.
        assertThat(client.onUnauthorized(List.of("Basic realm=\"cam\"",
                "Digest realm=\"cam\", nonce=\"a\", algorithm=MD5"))).isTrue();
        assertThat(client.basicRefused()).isFalse();
        AuthorizationHeader h = parse(client.authorization("DESCRIBE", "/x"));
        assertThat(h.isBasic()).isFalse();
        assertThat(client.authorization("DESCRIBE", "/x")).doesNotContain("secret");
    }

    @Test
    void unusableChallengesAreNotReportedAsBasicRefused() {
        DigestClient client = new DigestClient("u", "p", false);
        assertThat(client.onUnauthorized(List.of("Negotiate"))).isFalse();
        assertThat(client.basicRefused()).isFalse();
        assertThat(client.onUnauthorized(List.of("Basic realm=\"cam\"",
                "Digest realm=\"cam\", nonce=\"a\", algorithm=SHA-512-256"))).isFalse();
        assertThat(client.basicRefused()).as("Digest was offered, just not usable").isFalse();
    }

    private static AuthorizationHeader parse(String value) {
        return AuthorizationHeader.parse(value).orElseThrow();
    }
}
