package org.camgate.sim.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadTargetTest {

    @Test
    void splitsCredentialsFromTheUrl() {
        LoadTarget t = LoadTarget.parse("rtsp://nvr:p%40ss@127.0.0.1:8554/cam");
        assertThat(t.host()).isEqualTo("127.0.0.1");
        assertThat(t.port()).isEqualTo(8554);
        assertThat(t.url()).isEqualTo("rtsp://127.0.0.1:8554/cam");
        assertThat(t.username()).isEqualTo("nvr");
        assertThat(t.password()).isEqualTo("p@ss");
    }

    @Test
    void noCredentialsAndDefaultPort() {
        LoadTarget t = LoadTarget.parse("rtsp://127.0.0.1/cam");
        assertThat(t.port()).isEqualTo(554);
        assertThat(t.hasCredentials()).isFalse();
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> LoadTarget.parse("http://127.0.0.1/cam"))
                .hasMessage("url: http://127.0.0.1/cam (expected: rtsp://[user:pass@]host[:port]/path)");
    }
}
