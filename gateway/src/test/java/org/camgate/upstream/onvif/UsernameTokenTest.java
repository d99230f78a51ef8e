package org.camgate.upstream.onvif;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class UsernameTokenTest {

    @Test
    void digestIsSha1OfNonceCreatedAndPassword() throws Exception {
        byte[] nonce = Base64.getDecoder().decode("LKqI6G/AikKCQrN0zqZFlg==");
        String created = "2010-09-16T07:50:45Z";
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(nonce);
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update("userpassword".getBytes(StandardCharsets.UTF_8));
        String expected = Base64.getEncoder().encodeToString(sha1.digest());

        assertThat(UsernameToken.digest(nonce, created, "userpassword")).isEqualTo(expected);
        // The worked example of the ONVIF Application Programmer's Guide.
        assertThat(UsernameToken.digest(nonce, created, "userpassword")).isEqualTo("tuOSpGlFlIXsozq4HFNeeGeFLEI=");
    }

    @Test
    void createdIsUtcWithMillisecondsAndTheTokenHidesTheDigest() {
        UsernameToken token = UsernameToken.create("admin", "pw", new byte[16], Instant.parse("2026-01-02T03:04:05.678912Z"));
        assertThat(token.created()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(token.nonce()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAA==");
        assertThat(token.toString()).doesNotContain(token.digest()).doesNotContain("pw");
    }
}
