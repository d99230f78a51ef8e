package org.camgate.protocol.auth;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.camgate.protocol.auth.DigestVerifier.Result;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {

    // RFC 7616 section 3.9.1
    private static final String USER = "Mufasa";
    private static final String PASSWORD = "Circle of Life";
    private static final String REALM = "http-auth@example.org";
    private static final String URI = "/dir/index.html";
    private static final String RFC_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService(Duration.ofSeconds(30), clock);
    private final DigestVerifier verifier = new DigestVerifier(REALM, nonces);

    @Test
    void rfc7616Md5Vector() {
        assertThat(DigestAlgorithm.MD5.response(USER, REALM, PASSWORD, "GET", URI, RFC_NONCE, "auth", "00000001", CNONCE))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void rfc7616Sha256Vector() {
        assertThat(DigestAlgorithm.SHA_256.response(USER, REALM, PASSWORD, "GET", URI, RFC_NONCE, "auth", "00000001", CNONCE))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void clientReproducesTheRfc7616Headers() {
        String md5 = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5,"
                + " nonce=\"" + RFC_NONCE + "\", opaque=\"" + OPAQUE + "\"";
        String sha = md5.replace("algorithm=MD5", "algorithm=SHA-256");

        DigestClient shaClient = new DigestClient(USER, PASSWORD, () -> CNONCE);
        assertThat(shaClient.onUnauthorized(java.util.List.of(sha, md5))).isTrue();
        AuthorizationHeader h = AuthorizationHeader.parse(shaClient.authorization("GET", URI)).orElseThrow();
        assertThat(h.response()).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(h.algorithm()).isEqualTo("SHA-256");
        assertThat(h.opaque()).isEqualTo(OPAQUE);
        assertThat(h.nc()).isEqualTo("00000001");

        DigestClient md5Client = new DigestClient(USER, PASSWORD, () -> CNONCE);
        assertThat(md5Client.onUnauthorized(java.util.List.of(md5))).isTrue();
        assertThat(AuthorizationHeader.parse(md5Client.authorization("GET", URI)).orElseThrow().response())
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void rfc2069ExampleWithoutQop() {
        // RFC 2069 form: H(HA1:nonce:HA2), the example of RFC 2069 section 2.4 (value as corrected by its erratum).
        assertThat(DigestAlgorithm.MD5.response("Mufasa", "testrealm@host.com", "CircleOfLife", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null))
                .isEqualTo("1949323746fe6a43ef61f9606e7febea");
    }

    @Test
    void acceptsQopAuthMd5AndSha256() {
        String nonce = nonces.issue();
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            String response = a.response("nvr", REALM, "pw", "DESCRIBE", "rtsp://gw:8554/cam", nonce, "auth", "0000000a", "c1");
            String header = "Digest username=\"nvr\", realm=\"" + REALM + "\", nonce=\"" + nonce
                    + "\", uri=\"rtsp://gw:8554/cam\", response=\"" + response.toUpperCase() + "\", algorithm="
                    + a.headerName() + ", qop=auth, nc=0000000a, cnonce=\"c1\"";
            assertThat(verify(header, "DESCRIBE", "rtsp://127.0.0.1:8554/cam", "pw")).isEqualTo(Result.OK);
            assertThat(verify(header, "DESCRIBE", "rtsp://127.0.0.1:8554/cam", "wrong")).isEqualTo(Result.BAD_RESPONSE);
            assertThat(verify(header, "SETUP", "rtsp://127.0.0.1:8554/cam", "pw")).isEqualTo(Result.BAD_RESPONSE);
        }
    }

    @Test
    void acceptsRfc2069WithoutQopAndDefaultsToMd5() {
        String nonce = nonces.issue();
        String response = DigestAlgorithm.MD5.response("nvr", REALM, "pw", "DESCRIBE", "rtsp://gw/cam", nonce, null, null, null);
        String header = "Digest username=\"nvr\", realm=\"" + REALM + "\", nonce=\"" + nonce
                + "\", uri=\"rtsp://gw/cam\", response=\"" + response + "\"";
        assertThat(verify(header, "DESCRIBE", "rtsp://gw/cam", "pw")).isEqualTo(Result.OK);
    }

    @Test
    void staleOnlyWhenTheCredentialsAreRight() {
        String nonce = nonces.issue();
        String header = header(nonce, "DESCRIBE", "/cam", "pw", "auth");
        clock.now = clock.now.plusSeconds(31);
        assertThat(verify(header, "DESCRIBE", "/cam", "pw")).isEqualTo(Result.STALE_NONCE);
        assertThat(verify(header, "DESCRIBE", "/cam", "nope")).isEqualTo(Result.BAD_RESPONSE);
    }

    @Test
    void rejectsForeignNonceUriMismatchAndMalformed() {
        String foreign = new NonceService(Duration.ofSeconds(30), clock).issue();
        assertThat(verify(header(foreign, "DESCRIBE", "/cam", "pw", "auth"), "DESCRIBE", "/cam", "pw"))
                .isEqualTo(Result.BAD_NONCE);

        String nonce = nonces.issue();
        assertThat(verify(header(nonce, "DESCRIBE", "/other", "pw", "auth"), "DESCRIBE", "/cam", "pw"))
                .isEqualTo(Result.URI_MISMATCH);
        assertThat(verify(header(nonce, "DESCRIBE", "/cam", "pw", "auth-int"), "DESCRIBE", "/cam", "pw"))
                .isEqualTo(Result.MALFORMED);
        assertThat(verify(header(nonce, "DESCRIBE", "/cam", "pw", "auth").replace("realm=\"" + REALM, "realm=\"x"),
                "DESCRIBE", "/cam", "pw")).isEqualTo(Result.MALFORMED);
        assertThat(verify(header(nonce, "DESCRIBE", "/cam", "pw", "auth").replace("nc=00000001", "nc=1"),
                "DESCRIBE", "/cam", "pw")).isEqualTo(Result.MALFORMED);
        assertThat(verify(header(nonce, "DESCRIBE", "/cam", "pw", "auth") + ", algorithm=MD5-sess",
                "DESCRIBE", "/cam", "pw")).isEqualTo(Result.MALFORMED);
        assertThat(verify("Digest username=\"nvr\"", "DESCRIBE", "/cam", "pw")).isEqualTo(Result.MALFORMED);
        assertThat(verify("Basic bnZyOnB3", "DESCRIBE", "/cam", "pw")).isEqualTo(Result.MALFORMED);
    }

    @Test
    void httpMatchesTheWholeResourceBindsTheClientAndAcceptsEachCountOnce() {
        DigestVerifier http = new DigestVerifier(REALM, nonces, DigestVerifier.UriMatch.SAME_RESOURCE,
                new NonceCounter(100, Duration.ofSeconds(30), clock));
        byte[] client = {127, 0, 0, 2};
        String nonce = nonces.issue(client);
        AuthorizationHeader device = AuthorizationHeader.parse(header(nonce, "POST", "/onvif/device_service", "pw", "auth"))
                .orElseThrow();
        assertThat(http.verify(device, "POST", "/onvif/media_service", "pw", client)).isEqualTo(Result.URI_MISMATCH);
        assertThat(http.verify(device, "POST", "/onvif/device_service/x", "pw", client)).isEqualTo(Result.URI_MISMATCH);
        assertThat(http.verify(device, "POST", "/onvif/device_service", "pw", new byte[] {127, 0, 0, 3}))
                .isEqualTo(Result.BAD_NONCE);
        assertThat(http.verify(device, "POST", "/onvif/device_service", "pw", client)).isEqualTo(Result.OK);
        assertThat(http.verify(device, "POST", "/onvif/device_service", "pw", client)).isEqualTo(Result.REPLAYED);
        assertThat(DigestUriCheck.sameResource("http://gw:8080/onvif/device_service", "/onvif/device_service")).isTrue();
        assertThat(DigestUriCheck.sameResource("/snapshot?camera=a", "/snapshot?camera=b")).isFalse();
    }

    private String header(String nonce, String method, String uri, String password, String qop) {
        String response = DigestAlgorithm.MD5.response("nvr", REALM, password, method, uri, nonce, qop, "00000001", "cn");
        return "Digest username=\"nvr\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", qop=" + qop + ", nc=00000001, cnonce=\"cn\"";
    }

    private Result verify(String header, String method, String requestUri, String password) {
        return verifier.verify(AuthorizationHeader.parse(header).orElseThrow(), method, requestUri, password);
    }
}
