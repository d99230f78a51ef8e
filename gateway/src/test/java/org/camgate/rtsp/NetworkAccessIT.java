package org.camgate.rtsp;

import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connection-level refusals: networks not allowed, and connection limits. */
@ExtendWith(NettyLeakCheck.class)
class NetworkAccessIT {
    @TempDir
    Path dir;

    private static final String CAMERAS = """
              - id: entrance
                purpose: Prevent theft at the main entrance
                source: ${CAMERA}/cam1
              - id: lobby
                purpose: Safety in the lobby
                source: ${CAMERA}/cam1
            """;

    @Test
    void addressOutsideTheAllowListIsClosedAtOnceAndAudited() throws Exception {
        String yaml = GatewayFixture.yaml(CAMERAS, "access:\n  allow: [192.0.2.0/24]\n");
        try (GatewayFixture fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1")), yaml);
             RtspTestClient c = new RtspTestClient(fixture.rtsp(), "nvr", "secret")) {
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
            await().untilAsserted(() -> assertThat(fixture.audit()).anySatisfy(line -> assertThat(line)
                    .contains("\"event\":\"denied\"").contains("address not allowed")));
        }
    }

    @Test
    void deniedNetworkWinsOverAllowed() throws Exception {
        String yaml = GatewayFixture.yaml(CAMERAS, "access:\n  allow: [127.0.0.0/8]\n  deny: [127.0.0.1/32]\n");
        try (GatewayFixture fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1")), yaml);
             RtspTestClient c = new RtspTestClient(fixture.rtsp(), "nvr", "secret")) {
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void connectionsOverThePerAddressLimitAreClosed() throws Exception {
        String yaml = GatewayFixture.yaml(CAMERAS, "").replace("  reconnectMax: 1s\n",
                "  reconnectMax: 1s\n  maxUnauthenticatedPerAddress: 3\n");
        try (GatewayFixture fixture = new GatewayFixture(dir, List.of(SimCameraConfig.of("cam1")), yaml)) {
            List<RtspTestClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RtspTestClient c = new RtspTestClient(fixture.rtsp(), "nvr", "secret");
                    open.add(c);
                    assertThat(c.request("OPTIONS", fixture.url("entrance")).status()).isEqualTo(200);
                }
                try (RtspTestClient extra = new RtspTestClient(fixture.rtsp(), "nvr", "secret")) {
                    assertThat(extra.closedByServer()).isTrue();
                }
                open.remove(0).close();
                await().untilAsserted(() -> {
                    try (RtspTestClient again = new RtspTestClient(fixture.rtsp(), "nvr", "secret")) {
                        assertThat(again.request("OPTIONS", fixture.url("entrance")).status()).isEqualTo(200);
                    }
                });
            } finally {
                for (RtspTestClient c : open) {
                    c.close();
                }
            }
        }
    }
}
