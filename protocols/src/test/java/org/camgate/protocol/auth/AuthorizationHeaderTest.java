package org.camgate.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationHeaderTest {

    @Test
    void parsesDigestWithQuotedEscapedAndTokenValues() {
        AuthorizationHeader h = AuthorizationHeader.parse("Digest username=\"Mu\\\"fa, sa\", realm=\"r\","
                + " nonce=\"n\", uri=\"rtsp://h/cam\", response=\"abc\", algorithm=SHA-256, qop=auth,"
                + " nc=00000001, cnonce=\"c\", opaque=\"o\", userhash=false").orElseThrow();

        assertThat(h.isDigest()).isTrue();
        assertThat(h.username()).isEqualTo("Mu\"fa, sa");
        assertThat(h.realm()).isEqualTo("r");
        assertThat(h.nonce()).isEqualTo("n");
        assertThat(h.uri()).isEqualTo("rtsp://h/cam");
        assertThat(h.response()).isEqualTo("abc");
        assertThat(h.algorithm()).isEqualTo("SHA-256");
        assertThat(h.qop()).isEqualTo("auth");
        assertThat(h.nc()).isEqualTo("00000001");
        assertThat(h.cnonce()).isEqualTo("c");
        assertThat(h.opaque()).isEqualTo("o");
        assertThat(h.userhash()).isFalse();
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitiveAndWhitespaceIsTolerated() {
        AuthorizationHeader h = AuthorizationHeader.parse("  digest   USERNAME = \"u\" ,realm=\"r\",,uri=/x  ").orElseThrow();

        assertThat(h.username()).isEqualTo("u");
        assertThat(h.realm()).isEqualTo("r");
        assertThat(h.uri()).isEqualTo("/x");
        assertThat(h.nonce()).isNull();
    }

    @Test
    void parsesBasic() {
        String token = Base64.getEncoder().encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8));
        AuthorizationHeader h = AuthorizationHeader.parse("Basic " + token).orElseThrow();

        assertThat(h.isBasic()).isTrue();
        assertThat(h.username()).isEqualTo("user");
        assertThat(h.basicPassword()).isEqualTo("pa:ss");
        assertThat(h.toString()).doesNotContain("pa:ss");
    }

    @Test
    void toStringHidesTheResponse() {
        AuthorizationHeader h = AuthorizationHeader.parse("Digest username=\"u\", response=\"secretdigest\"").orElseThrow();
        assertThat(h.toString()).contains("u").doesNotContain("secretdigest");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Digest",
        "Digest username=\"unterminated",
        "Digest username=\"trailing backslash\\",
        "Digest username=\"a\", username=\"b\"",
        "Digest username=\"a\", USERNAME=\"b\"",
        "Digest username=a\"b",
        "Digest username=\"a\" realm=\"b\"",
        "Digest foo bar",
        "Digest =x",
        "Digest\"x\"",
        "Digest username=\"a\nb\"",
        "Digest username=\"a\u0000b\"",
        "Bearer abc",
        "Basic",
        "Basic !!!notbase64",
        "Basic dXNlcg==",
        "Basic dXNl cjpw",
        "Basic /w==",
        "Digest username=\"a\", Basic dXNlcjpwYXNz",
    })
    void rejectsMalformedOrHostileInput(String value) {
        assertThat(AuthorizationHeader.parse(value)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(AuthorizationHeader.parse(null)).isEmpty();
    }

    @Test
    void rejectsOverlongValues() {
        String value = "Digest username=\"" + "a".repeat(AuthParams.MAX_LENGTH) + "\"";
        assertThat(AuthorizationHeader.parse(value)).isEmpty();
    }

    @Test
    void rejectsTooManyParameters() {
        StringBuilder b = new StringBuilder("Digest ");
        for (int i = 0; i <= AuthParams.MAX_PARAMS; i++) {
            b.append("p").append(i).append("=x, ");
        }
        assertThat(AuthorizationHeader.parse(b.toString())).isEmpty();

        StringBuilder ok = new StringBuilder("Digest ");
        for (int i = 0; i < AuthParams.MAX_PARAMS; i++) {
            ok.append("p").append(i).append("=x, ");
        }
        assertThat(AuthorizationHeader.parse(ok.toString())).isPresent();
    }

    @Test
    void survivesRandomGarbage() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "Digest Basic=\",\\ \t abc=\"\"\u0000\u00ff\n";
        for (int i = 0; i < 20_000; i++) {
            int len = random.nextInt(60);
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "Digest " : "");
            for (int j = 0; j < len; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            AuthorizationHeader.parse(b.toString());
            DigestChallenge.parse(java.util.List.of(b.toString()));
        }
    }
}
