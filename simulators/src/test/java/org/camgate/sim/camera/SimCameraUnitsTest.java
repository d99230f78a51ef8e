package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimCameraUnitsTest {

    @Test
    void parsesRequestTargets() {
        assertThat(RtspTarget.parse("rtsp://127.0.0.1:8554/cam1/trackID=2"))
                .isEqualTo(new RtspTarget("rtsp://127.0.0.1:8554/cam1", "cam1", 2));
        assertThat(RtspTarget.parse("rtsp://127.0.0.1:8554/site/cam1/"))
                .isEqualTo(new RtspTarget("rtsp://127.0.0.1:8554/site/cam1", "site/cam1", 0));
        assertThat(RtspTarget.parse("*")).isNull();
        assertThat(RtspTarget.parse("http://x/cam1")).isNull();
    }

    @Test
    void buildsSenderReportWithCname() {
        ByteBuf report = RtcpSenderReport.build(io.netty.buffer.ByteBufAllocator.DEFAULT, 0x01020304, 1_000_500L,
                12345, 10, 1000, "cam");
        try {
            assertThat(report.readableBytes() % 4).isZero();
            assertThat(report.getUnsignedShort(2)).isEqualTo(6);
            assertThat(report.getUnsignedInt(8)).isEqualTo(1000 + 2_208_988_800L);
            assertThat(report.getUnsignedInt(12)).isEqualTo(1L << 31);
            assertThat(report.getInt(16)).isEqualTo(12345);
            assertThat(report.getUnsignedByte(29)).isEqualTo((short) 202);
            assertThat((report.getUnsignedShort(30) + 1) * 4).isEqualTo(report.readableBytes() - 28);
            assertThat(report.toString(38, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("cam");
        } finally {
            report.release();
        }
    }

    @Test
    void basicAuthenticatorChecksCredentials() {
        BasicAuthenticator basic = new BasicAuthenticator("lab");
        var request = new io.netty.handler.codec.http.DefaultHttpRequest(io.netty.handler.codec.rtsp.RtspVersions.RTSP_1_0,
                io.netty.handler.codec.rtsp.RtspMethods.DESCRIBE, "rtsp://h/cam1");
        assertThat(basic.check(request, "u", "p")).containsExactly("Basic realm=\"lab\"");
        request.headers().set("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("u:p".getBytes()));
        assertThat(basic.check(request, "u", "p")).isEmpty();
        assertThat(basic.check(request, "u", "other")).isNotEmpty();
    }

    @Test
    void encodesMuLaw() {
        assertThat(PcmuTone.encode(0)).isEqualTo((byte) 0xFF);
        assertThat(PcmuTone.encode(32767)).isEqualTo((byte) 0x80);
        assertThat(PcmuTone.encode(-32768)).isEqualTo((byte) 0x00);
        assertThat(PcmuTone.loop(440, 0.3)).hasSize(8000);
    }

    @Test
    void validatesConfig() {
        SimCameraConfig config = SimCameraConfig.of("/cam1");
        assertThat(config.path()).isEqualTo("cam1");
        assertThat(config.width()).isEqualTo(640);
        assertThat(config.requiresAuth()).isFalse();
        assertThat(config.withCredentials("u", "p").toString()).contains("password=***").doesNotContain("=p");
        assertThatThrownBy(() -> config.withFps(0)).hasMessage("fps: 0 (expected: 1-60)");
        assertThatThrownBy(() -> config.withSize(641, 360)).hasMessage("size: 641x360 (expected: even width and height)");
        assertThatThrownBy(() -> config.withCredentials("u", null))
                .hasMessage("username/password: both or neither (expected: a pair)");
        assertThatThrownBy(() -> SimCameraConfig.of("a b")).hasMessageStartingWith("path: 'a b'");
        assertThat(Unpooled.EMPTY_BUFFER.readableBytes()).isZero();
    }
}
