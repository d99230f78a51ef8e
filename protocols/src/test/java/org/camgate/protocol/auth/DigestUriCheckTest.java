package org.camgate.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestUriCheckTest {

    @ParameterizedTest(name = "{0} for {1} {2} -> {3}")
    @CsvSource({
        "rtsp://gw:8554/cam,            rtsp://gw:8554/cam,              DESCRIBE, true",
        "/cam,                          rtsp://gw:8554/cam,              DESCRIBE, true",
        "rtsp://127.0.0.1/cam,          rtsp://localhost:8554/cam,       DESCRIBE, true",
        "rtsp://gw/cam,                 rtsp://gw/cam/trackID=0,         SETUP,    true",
        "rtsp://gw/cam/trackID=1,       rtsp://gw/cam,                   SETUP,    true",
        "rtsp://gw/cam/,                rtsp://gw/cam,                   PLAY,     true",
        "rtsp://user:pw@gw/cam?x=1,     /cam,                            PLAY,     true",
        "rtsp://gw,                     rtsp://gw/,                      OPTIONS,  true",
        "rtsp://gw/other,               rtsp://gw/cam,                   DESCRIBE, false",
        "rtsp://gw/cam2,                rtsp://gw/cam,                   DESCRIBE, false",
        "rtsp://gw/,                    rtsp://gw/cam,                   DESCRIBE, false",
        "rtsp://gw/cam/../other,        rtsp://gw/other,                 DESCRIBE, false",
        "*,                             rtsp://gw/cam,                   OPTIONS,  true",
        "*,                             *,                               OPTIONS,  true",
        "*,                             rtsp://gw/cam,                   DESCRIBE, false",
        "cam,                           rtsp://gw/cam,                   DESCRIBE, false",
        "'',                            rtsp://gw/cam,                   DESCRIBE, false",
    })
    void decides(String headerUri, String requestUri, String method, boolean expected) {
        assertThat(DigestUriCheck.accepts(headerUri, requestUri, method)).isEqualTo(expected);
    }
}
