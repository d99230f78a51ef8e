package org.camgate.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(NettyLeakCheck.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadRunIT {
    private static SimCameraServer camera;

    @BeforeAll
    static void startCamera() {
        camera = new SimCameraServer("127.0.0.1", 0, List.of(
                SimCameraConfig.of("cam").withSize(320, 180).withFps(25).withGopFrames(25)
                        .withCredentials("load", "p4ss"))).start();
    }

    @AfterAll
    static void stopCamera() {
        camera.stop();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readersJoinAndReceiveEveryPacket(boolean udp) throws Exception {
        String url = "rtsp://load:p4ss@" + camera.host() + ":" + camera.port() + "/cam";
        LoadRun run = new LoadRun(LoadTarget.parse(url), 3, 10, Duration.ofSeconds(25), 1, udp);
        try {
            run.start();
            run.awaitPlaying(Duration.ofSeconds(15));
            List<ReaderSnapshot> start = run.snapshot();
            Thread.sleep(1500);
            LoadReport report = new LoadReport(start, run.snapshot(), 1.5);
            assertThat(report.playing()).isEqualTo(3);
            // 25 fps for 1.5 s: at least a few dozen packets per reader, none missing.
            assertThat(report.packets()).isGreaterThan(3 * 30);
            assertThat(report.lost()).isZero();
            assertThat(report.joinPercentile(1.0)).isGreaterThanOrEqualTo(0);
            assertThat(report.maxJitter()).isGreaterThanOrEqualTo(0);
            assertThat(report.resultLine()).contains("readers=3 playing=3").contains("join_p50_ms=");
        } finally {
            run.stop();
        }
    }

    @Test
    void wrongCredentialsAreReportedAsAFailure() throws Exception {
        String url = "rtsp://load:wrong@" + camera.host() + ":" + camera.port() + "/cam";
        LoadRun run = new LoadRun(LoadTarget.parse(url), 1, 10, Duration.ofSeconds(25), 1, false);
        try {
            run.start();
            run.awaitPlaying(Duration.ofSeconds(10));
            ReaderSnapshot reader = run.snapshot().get(0);
            assertThat(reader.playing()).isFalse();
            assertThat(reader.failure()).contains("401");
        } finally {
            run.stop();
        }
    }
}
