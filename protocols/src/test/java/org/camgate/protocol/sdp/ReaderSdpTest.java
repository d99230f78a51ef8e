package org.camgate.protocol.sdp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ReaderSdpTest {
    /** An Axis/Hikvision-style DESCRIBE answer: video, audio, ONVIF metadata, all identifying the camera. */
    private static final String CAMERA_SDP = String.join("\r\n",
            "v=0",
            "o=- 1700000000123456 1 IN IP4 192.0.2.10",
            "s=Media Presentation",
            "i=Entrance camera, serial 00408C123456",
            "u=http://192.0.2.10/",
            "e=admin@example.com",
            "c=IN IP4 192.0.2.10",
            "b=AS:5100",
            "t=0 0",
            "a=tool:AXIS Media Server 7.4 / LIVE555 Streaming Media v2021.08.09",
            "a=type:broadcast",
            "a=control:rtsp://192.0.2.10:554/axis-media/media.amp?videocodec=h264&audio=1",
            "a=range:npt=0-",
            "a=x-qt-text-nam:Entrance",
            "m=video 0 RTP/AVP 96",
            "c=IN IP4 192.0.2.10",
            "b=AS:5000",
            "a=recvonly",
            "a=x-dimensions:1920,1080",
            "a=control:rtsp://192.0.2.10:554/axis-media/media.amp/trackID=1?videocodec=h264&audio=1",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 packetization-mode=1;profile-level-id=640028;sprop-parameter-sets=Z2QAKKwbGoB4AiflwFuAgICgAAB9AAAOpgCA,aO48sA==",
            "a=framerate:25.000000",
            "a=ssrc:1234567 cname:camera-00408C123456@192.0.2.10",
            "a=Media_header:MEDIAINFO=494D4B48010100000400010010710110401F000000FA000000000000000000000000000000000000;",
            "m=audio 0 RTP/AVP 8",
            "c=IN IP4 192.0.2.10",
            "b=AS:64",
            "a=recvonly",
            "a=control:rtsp://192.0.2.10:554/axis-media/media.amp/trackID=2?videocodec=h264&audio=1",
            "a=rtpmap:8 PCMA/8000",
            "a=ptime:20",
            "a=ssrc:7654321 cname:camera-00408C123456@192.0.2.10",
            "m=application 0 RTP/AVP 98",
            "c=IN IP4 192.0.2.10",
            "a=control:rtsp://192.0.2.10:554/axis-media/media.amp/trackID=3?videocodec=h264&audio=1",
            "a=rtpmap:98 vnd.onvif.metadata/90000",
            "");

    private static final List<String> CAMERA_DETAILS = List.of("192.0.2.10", "rtsp://", "AXIS", "LIVE555", "tool:AXIS",
            "cname", "ssrc", "00408C123456", "Entrance", "admin@example.com", "Media Presentation", "axis-media",
            "MEDIAINFO", "x-qt-text", "http://");

    private static ReaderSdp reader(boolean keepAudio) {
        return ReaderSdp.of(SessionDescription.parse(CAMERA_SDP), "cam1", 4242, keepAudio);
    }

    private static List<String> lines(ReaderSdp sdp) {
        return Arrays.asList(sdp.text().split("\r\n"));
    }

    @Test
    void nothingIdentifyingTheCameraRemains() {
        for (boolean keepAudio : new boolean[] {false, true}) {
            String text = reader(keepAudio).text();
            for (String detail : CAMERA_DETAILS) {
                assertThat(text).as("audio kept: %s", keepAudio).doesNotContainIgnoringCase(detail);
            }
        }
    }

    @Test
    void sessionPartIsFixed() {
        List<String> lines = lines(reader(false));
        assertThat(lines.subList(0, 8)).containsExactly(
                "v=0",
                "o=- 4242 1 IN IP4 0.0.0.0",
                "s=cam1",
                "c=IN IP4 0.0.0.0",
                "t=0 0",
                "a=tool:camgate",
                "a=control:*",
                "a=range:npt=now-");
    }

    @Test
    void everyLineEndsWithCrlf() {
        String text = reader(true).text();
        assertThat(text).endsWith("\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void audioRemovedByDefault() {
        ReaderSdp sdp = reader(false);

        assertThat(sdp.sourceMedia()).containsExactly(0);
        assertThat(sdp.text()).doesNotContain("m=audio").doesNotContain("PCMA").doesNotContain("b=AS:64");
        assertThat(lines(sdp).subList(8, lines(sdp).size())).containsExactly(
                "m=video 0 RTP/AVP 96",
                "b=AS:5000",
                "a=recvonly",
                "a=x-dimensions:1920,1080",
                "a=rtpmap:96 H264/90000",
                "a=fmtp:96 packetization-mode=1;profile-level-id=640028;sprop-parameter-sets=Z2QAKKwbGoB4AiflwFuAgICgAAB9AAAOpgCA,aO48sA==",
                "a=framerate:25.000000",
                "a=control:trackID=0");
    }

    @Test
    void audioKeptOnRequest() {
        ReaderSdp sdp = reader(true);

        assertThat(sdp.sourceMedia()).containsExactly(0, 1);
        List<String> lines = lines(sdp);
        int audio = lines.indexOf("m=audio 0 RTP/AVP 8");
        assertThat(audio).isPositive();
        assertThat(lines.subList(audio, lines.size())).containsExactly(
                "m=audio 0 RTP/AVP 8",
                "b=AS:64",
                "a=recvonly",
                "a=rtpmap:8 PCMA/8000",
                "a=ptime:20",
                "a=control:trackID=1");
    }

    @Test
    void metadataTrackIsAlwaysRemoved() {
        for (boolean keepAudio : new boolean[] {false, true}) {
            String text = reader(keepAudio).text();
            assertThat(text).doesNotContain("m=application").doesNotContain("onvif").doesNotContain("98");
        }
    }

    @Test
    void controlLinesAreTrackIdsInOrder() {
        List<String> controls = lines(reader(true)).stream().filter(l -> l.startsWith("a=control:"))
                .collect(Collectors.toList());
        assertThat(controls).containsExactly("a=control:*", "a=control:trackID=0", "a=control:trackID=1");
    }

    @Test
    void outputParsesBackWithTheSameTracks() {
        SessionDescription parsed = SessionDescription.parse(reader(true).text());

        assertThat(parsed.control()).contains("*");
        assertThat(parsed.media()).hasSize(2);
        assertThat(parsed.media().get(0).encoding()).isEqualTo("H264");
        assertThat(parsed.media().get(0).clockRate()).isEqualTo(90000);
        assertThat(parsed.media().get(0).control()).contains("trackID=0");
        assertThat(parsed.media().get(1).encoding()).isEqualTo("PCMA");
        assertThat(parsed.media().get(1).clockRate()).isEqualTo(8000);
        assertThat(parsed.media().get(1).control()).contains("trackID=1");
    }

    @Test
    void sourceMediaSkipsRemovedSections() {
        // metadata first, then audio, then video: reader tracks renumber from 0.
        String sdp = String.join("\r\n",
                "v=0",
                "m=application 0 RTP/AVP 107",
                "a=rtpmap:107 vnd.onvif.metadata/90000",
                "m=audio 0 RTP/AVP 0",
                "m=video 0 RTP/AVP 96",
                "a=rtpmap:96 H265/90000",
                "");
        ReaderSdp withAudio = ReaderSdp.of(SessionDescription.parse(sdp), "c", 1, true);
        assertThat(withAudio.sourceMedia()).containsExactly(1, 2);
        assertThat(withAudio.text()).contains("m=audio 0 RTP/AVP 0\r\na=control:trackID=0\r\n")
                .contains("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\na=control:trackID=1\r\n");

        ReaderSdp videoOnly = ReaderSdp.of(SessionDescription.parse(sdp), "c", 1, false);
        assertThat(videoOnly.sourceMedia()).containsExactly(2);
        assertThat(videoOnly.text()).contains("a=control:trackID=0").doesNotContain("trackID=1");
    }

    @Test
    void nonRtpMediaIsRemoved() {
        String sdp = "v=0\r\nm=video 0 udp MP2T\r\nm=video 0 RTP/AVP 26\r\n";
        ReaderSdp reader = ReaderSdp.of(SessionDescription.parse(sdp), "c", 1, true);
        assertThat(reader.sourceMedia()).containsExactly(1);
        assertThat(reader.text()).doesNotContain("MP2T").contains("m=video 0 RTP/AVP 26");
    }

    @Test
    void mediaPortIsAlwaysZero() {
        String sdp = "v=0\r\nm=video 5004 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
        assertThat(ReaderSdp.of(SessionDescription.parse(sdp), "c", 1, false).text())
                .contains("m=video 0 RTP/AVP 96").doesNotContain("5004");
    }

    @Test
    void sourceMediaIsImmutable() {
        ReaderSdp sdp = reader(true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sdp.sourceMedia().add(5))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
