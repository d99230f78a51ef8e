package org.camgate.protocol.sdp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ControlUrlTest {

    @Test
    void absoluteControlIsUsedAsIs() {
        assertThat(ControlUrl.resolve("rtsp://cam/stream", "rtsp://other:8554/x/trackID=1"))
                .isEqualTo("rtsp://other:8554/x/trackID=1");
        assertThat(ControlUrl.resolve("rtsp://cam/stream", "RTSP://cam/stream/track1")).isEqualTo("RTSP://cam/stream/track1");
        assertThat(ControlUrl.resolve("rtsps://cam/stream", "rtsps://cam/stream/t")).isEqualTo("rtsps://cam/stream/t");
    }

    @Test
    void relativeControlIsAppendedWithOneSlash() {
        assertThat(ControlUrl.resolve("rtsp://cam:554/stream", "trackID=1")).isEqualTo("rtsp://cam:554/stream/trackID=1");
        assertThat(ControlUrl.resolve("rtsp://cam:554/stream/", "trackID=1")).isEqualTo("rtsp://cam:554/stream/trackID=1");
        assertThat(ControlUrl.resolve("rtsp://cam:554", "track1")).isEqualTo("rtsp://cam:554/track1");
    }

    @Test
    void starOrMissingControlMeansTheBase() {
        assertThat(ControlUrl.resolve("rtsp://cam/stream", "*")).isEqualTo("rtsp://cam/stream");
        assertThat(ControlUrl.resolve("rtsp://cam/stream/", "")).isEqualTo("rtsp://cam/stream/");
        assertThat(ControlUrl.resolve("rtsp://cam/stream", null)).isEqualTo("rtsp://cam/stream");
    }

    @Test
    void leadingSlashReplacesThePath() {
        assertThat(ControlUrl.resolve("rtsp://cam:554/live/main", "/live/main/track2"))
                .isEqualTo("rtsp://cam:554/live/main/track2");
        assertThat(ControlUrl.resolve("rtsp://cam:554/a/b/", "/c")).isEqualTo("rtsp://cam:554/c");
        assertThat(ControlUrl.resolve("rtsp://user:pw@cam:554/a", "/c")).isEqualTo("rtsp://user:pw@cam:554/c");
    }

    @Test
    void leadingSlashOnABaseWithoutPath() {
        assertThat(ControlUrl.resolve("rtsp://cam:554", "/track1")).isEqualTo("rtsp://cam:554/track1");
    }
}
