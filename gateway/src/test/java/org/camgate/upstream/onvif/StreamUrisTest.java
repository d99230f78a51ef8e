package org.camgate.upstream.onvif;

import org.camgate.upstream.CameraCredentials;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class StreamUrisTest {

    @Test
    void uriWithoutUserInfoUsesTheOnvifCredentials() {
        URI uri = URI.create("rtsp://192.0.2.10:554/Streaming/Channels/101");
        assertThat(StreamUris.strip(uri)).isSameAs(uri);
        assertThat(StreamUris.credentials(uri, "admin", "pw")).isEqualTo(new CameraCredentials("admin", "pw"));
        assertThat(StreamUris.credentials(uri, "", "")).isEqualTo(CameraCredentials.NONE);
    }

    @Test
    void uriWithItsOwnUserInfoKeepsItsCredentialsApart() {
        URI uri = URI.create("rtsp://viewer:p%40ss%3Aw@192.0.2.10:554/live?x=1");
        assertThat(StreamUris.strip(uri)).isEqualTo(URI.create("rtsp://192.0.2.10:554/live?x=1"));
        assertThat(StreamUris.credentials(uri, "admin", "pw")).isEqualTo(new CameraCredentials("viewer", "p@ss:w"));
        assertThat(StreamUris.withoutUserInfo("rtsp://a:b@host/p@th")).isEqualTo("rtsp://host/p@th");
    }

    @Test
    void resolvedStreamNeverPrintsThePathOrCredentials() {
        ResolvedStream s = new ResolvedStream(URI.create("rtsp://192.0.2.10:554/user=admin&password=x"),
                new CameraCredentials("admin", "pw"), new MediaProfile("p", "p", "", "", "H264", 0, 0),
                new ServiceAddresses("http://192.0.2.10/m", ""), java.time.Duration.ZERO);
        assertThat(s.toString()).doesNotContain("password").doesNotContain("pw").contains("192.0.2.10:554");
    }
}
