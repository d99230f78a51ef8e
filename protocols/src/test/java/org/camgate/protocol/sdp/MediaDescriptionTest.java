package org.camgate.protocol.sdp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaDescriptionTest {

    private static MediaDescription media(String... lines) {
        return SessionDescription.parse("v=0\r\n" + String.join("\r\n", lines) + "\r\n").media().get(0);
    }

    @Test
    void parsesTheMediaLine() {
        MediaDescription m = media("m=VIDEO 0 RTP/AVP 96 97");
        assertThat(m.type()).isEqualTo("video");
        assertThat(m.proto()).isEqualTo("RTP/AVP");
        assertThat(m.formats()).containsExactly("96", "97");
        assertThat(m.control()).isEmpty();
    }

    @Test
    void encodingAndClockRateFromRtpmap() {
        MediaDescription m = media("m=video 0 RTP/AVP 96", "a=rtpmap:96 h264/90000", "a=control:trackID=1");
        assertThat(m.encoding()).isEqualTo("H264");
        assertThat(m.clockRate()).isEqualTo(90000);
        assertThat(m.control()).contains("trackID=1");
    }

    @Test
    void rtpmapOfTheFirstFormatIsUsed() {
        MediaDescription m = media("m=video 0 RTP/AVP 96 97", "a=rtpmap:97 H265/90000", "a=rtpmap:96 H264/90000");
        assertThat(m.encoding()).isEqualTo("H264");
    }

    @Test
    void rtpmapOfALongerPayloadTypeWithTheSamePrefixIsNotUsed() {
        MediaDescription m = media("m=audio 0 RTP/AVP 9", "a=rtpmap:96 opus/48000/2");
        assertThat(m.encoding()).isEqualTo("UNKNOWN");
        assertThat(m.clockRate()).isEqualTo(8000);
    }

    @Test
    void audioClockRateAndChannels() {
        MediaDescription m = media("m=audio 0 RTP/AVP 97", "a=rtpmap:97 MPEG4-GENERIC/16000/1");
        assertThat(m.encoding()).isEqualTo("MPEG4-GENERIC");
        assertThat(m.clockRate()).isEqualTo(16000);
    }

    @Test
    void staticPayloadTypesWithoutRtpmap() {
        MediaDescription pcmu = media("m=audio 0 RTP/AVP 0");
        assertThat(pcmu.encoding()).isEqualTo("PCMU");
        assertThat(pcmu.clockRate()).isEqualTo(8000);

        MediaDescription pcma = media("m=audio 0 RTP/AVP 8");
        assertThat(pcma.encoding()).isEqualTo("PCMA");
        assertThat(pcma.clockRate()).isEqualTo(8000);

        MediaDescription jpeg = media("m=video 0 RTP/AVP 26");
        assertThat(jpeg.encoding()).isEqualTo("JPEG");
        assertThat(jpeg.clockRate()).isEqualTo(90000);
    }

    @Test
    void rtpmapOverridesTheStaticTable() {
        MediaDescription m = media("m=audio 0 RTP/AVP 8", "a=rtpmap:8 PCMA/8000");
        assertThat(m.encoding()).isEqualTo("PCMA");
        assertThat(m.clockRate()).isEqualTo(8000);
    }

    @Test
    void missingOrBadClockRateFallsBack() {
        assertThat(media("m=video 0 RTP/AVP 96", "a=rtpmap:96 H264").clockRate()).isEqualTo(90000);
        assertThat(media("m=audio 0 RTP/AVP 96", "a=rtpmap:96 L16").clockRate()).isEqualTo(8000);
        assertThat(media("m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/fast").clockRate()).isEqualTo(90000);
    }

    @Test
    void unknownDynamicPayloadTypeWithoutRtpmap() {
        assertThat(media("m=video 0 RTP/AVP 96").encoding()).isEqualTo("UNKNOWN");
    }

    @Test
    void controlAttributeNameIsCaseInsensitive() {
        assertThat(media("m=video 0 RTP/AVP 96", "a=Control: trackID=3 ").control()).contains("trackID=3");
    }

    @Test
    void parameterSetsOfH264AndH265() {
        assertThat(media("m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000",
                "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0IAHg==,aM4=;profile-level-id=42001E")
                .parameterSets()).containsExactly(new byte[] {0x67, 0x42, 0, 0x1e}, new byte[] {0x68, (byte) 0xce});
        assertThat(media("m=video 0 RTP/AVP 97", "a=rtpmap:97 H265/90000",
                "a=fmtp:97 sprop-pps=RAE=; sprop-vps=QAE=;sprop-sps=QgE=").parameterSets())
                .as("VPS, SPS, PPS in that order").containsExactly(new byte[] {0x40, 1}, new byte[] {0x42, 1}, new byte[] {0x44, 1});
        assertThat(media("m=video 0 RTP/AVP 96", "a=fmtp:96 sprop-parameter-sets=!!,aM4=").parameterSets())
                .as("not base64: left out").containsExactly(new byte[] {0x68, (byte) 0xce});
        assertThat(media("m=video 0 RTP/AVP 96", "a=fmtp:97 sprop-parameter-sets=aM4=").parameterSets())
                .as("another format's").isEmpty();
    }
}
