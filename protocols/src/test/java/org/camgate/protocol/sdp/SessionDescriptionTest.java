package org.camgate.protocol.sdp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionDescriptionTest {
    private static final String SDP = String.join("\n",
            "v=0",
            "o=- 1 1 IN IP4 192.0.2.10",
            "s=Session",
            "t=0 0",
            "a=control:*",
            "m=video 0 RTP/AVP 96",
            "a=rtpmap:96 H264/90000",
            "a=control:trackID=1",
            "m=audio 0 RTP/AVP 0",
            "a=control:trackID=2",
            "");

    @Test
    void splitsSessionAndMediaSections() {
        SessionDescription sdp = SessionDescription.parse(SDP);

        assertThat(sdp.sessionLines()).containsExactly("v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=Session", "t=0 0",
                "a=control:*");
        assertThat(sdp.control()).contains("*");
        assertThat(sdp.media()).hasSize(2);
        assertThat(sdp.media().get(0).type()).isEqualTo("video");
        assertThat(sdp.media().get(0).lines()).containsExactly("a=rtpmap:96 H264/90000", "a=control:trackID=1");
        assertThat(sdp.media().get(1).type()).isEqualTo("audio");
        assertThat(sdp.media().get(1).lines()).containsExactly("a=control:trackID=2");
    }

    @Test
    void crlfAndLfGiveTheSameResult() {
        SessionDescription lf = SessionDescription.parse(SDP);
        SessionDescription crlf = SessionDescription.parse(SDP.replace("\n", "\r\n"));

        assertThat(crlf.sessionLines()).isEqualTo(lf.sessionLines());
        assertThat(crlf.media()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(crlf.media().get(i).lines()).isEqualTo(lf.media().get(i).lines());
            assertThat(crlf.media().get(i).formats()).isEqualTo(lf.media().get(i).formats());
        }
        assertThat(crlf.media().get(0).control()).contains("trackID=1");
    }

    @Test
    void garbageAndBlankLinesAreSkipped() {
        SessionDescription sdp = SessionDescription.parse(String.join("\r\n",
                "garbage before",
                "",
                "v=0",
                "   ",
                "x",
                "hello world",
                "=nothing",
                "  s=padded  ",
                "m=video 0 RTP/AVP 96",
                "\u0000\u0001binary",
                "a=rtpmap:96 H264/90000",
                ""));

        assertThat(sdp.sessionLines()).containsExactly("v=0", "s=padded");
        assertThat(sdp.media()).hasSize(1);
        assertThat(sdp.media().get(0).lines()).containsExactly("a=rtpmap:96 H264/90000");
    }

    @Test
    void sessionWithoutMedia() {
        SessionDescription sdp = SessionDescription.parse("v=0\r\ns=x\r\n");
        assertThat(sdp.media()).isEmpty();
        assertThat(sdp.control()).isEmpty();
    }

    @Test
    void rejectsTextThatIsNotSdp() {
        assertThatIllegalArgumentException().isThrownBy(() -> SessionDescription.parse(""))
                .withMessage("not an SDP document (no v= line first)");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionDescription.parse("<html>\n</html>"));
        assertThatIllegalArgumentException().isThrownBy(() -> SessionDescription.parse("s=x\nv=0\n"));
        assertThatIllegalArgumentException().isThrownBy(() -> SessionDescription.parse("m=video 0 RTP/AVP 96\nv=0\n"));
    }

    @Test
    void rejectsMalformedMediaLine() {
        assertThatIllegalArgumentException().isThrownBy(() -> SessionDescription.parse("v=0\nm=video 0 RTP/AVP\n"))
                .withMessage("malformed media line: m=video 0 RTP/AVP");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionDescription.parse("v=0\nm=\n"));
    }

    @Test
    void sizeIsLimited() {
        String atLimit = "v=0\n" + "a=x:" + "y".repeat(SessionDescription.MAX_BYTES - 9) + "\n";
        assertThat(atLimit).hasSize(SessionDescription.MAX_BYTES);
        assertThat(SessionDescription.parse(atLimit).sessionLines()).hasSize(2);

        String over = atLimit + "s";
        assertThatIllegalArgumentException().isThrownBy(() -> SessionDescription.parse(over))
                .withMessage("SDP of " + (SessionDescription.MAX_BYTES + 1) + " bytes (limit "
                        + SessionDescription.MAX_BYTES + ")");
    }

    @Test
    void mediaCountIsLimited() {
        StringBuilder sdp = new StringBuilder("v=0\n");
        for (int i = 0; i < SessionDescription.MAX_MEDIA; i++) {
            sdp.append("m=audio 0 RTP/AVP 0\n");
        }
        assertThat(SessionDescription.parse(sdp.toString()).media()).hasSize(SessionDescription.MAX_MEDIA);

        sdp.append("m=audio 0 RTP/AVP 0\n");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionDescription.parse(sdp.toString()))
                .withMessage("more than " + SessionDescription.MAX_MEDIA + " media sections");
    }
}
