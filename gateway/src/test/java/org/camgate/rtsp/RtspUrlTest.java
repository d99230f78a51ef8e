package org.camgate.rtsp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RtspUrlTest {

    @ParameterizedTest
    @CsvSource({
            "rtsp://gateway:8554/cam1, cam1, -1",
            "rtsp://gateway/cam1, cam1, -1",
            "RTSP://GATEWAY/cam1, cam1, -1",
            "rtsps://gateway:322/cam1, cam1, -1",
            "rtsp://user:pw@gateway:8554/cam1, cam1, -1",
            "rtsp://[2001:db8::1]:8554/cam1, cam1, -1",
            "/cam1, cam1, -1",
            "rtsp://gateway:8554/cam1/, cam1, -1",
            "/cam1/, cam1, -1",
            "rtsp://gateway:8554/cam1?transport=tcp, cam1, -1",
            "rtsp://gateway:8554/cam1/?x=1/2, cam1, -1",
            "rtsp://gateway:8554/cam1/trackID=0, cam1, 0",
            "rtsp://gateway:8554/cam1/trackID=1/, cam1, 1",
            "/cam1/trackID=12, cam1, 12",
            "/cam1/trackID=007, cam1, 7",
            "rtsp://gateway:8554/cam1/trackID=3?x=y, cam1, 3",
            "rtsp://gateway:8554/front-door_2/trackID=999, front-door_2, 999",
    })
    void accepts(String uri, String camera, int track) {
        assertThat(RtspUrl.parse(uri)).contains(new RtspUrl(camera, track));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "*",
            "/",
            "//",
            "cam1",
            "rtsp://gateway",
            "rtsp://gateway:8554",
            "rtsp://gateway:8554/",
            "rtsp://gateway:8554?cam1",
            "http://gateway/cam1",
            "rtsp://gateway//cam1",
            "/cam1/trackID=",
            "/cam1/trackID=x",
            "/cam1/trackID=-1",
            "/cam1/trackID=1000",
            "/cam1/trackID=1a",
            "/cam1/track1",
            "/cam1/stream1",
            "/cam1/trackID=0/extra",
            "/cam1//",
            "/cam1/trackid=0",
    })
    void rejects(String uri) {
        assertThat(RtspUrl.parse(uri)).isEmpty();
    }
}
