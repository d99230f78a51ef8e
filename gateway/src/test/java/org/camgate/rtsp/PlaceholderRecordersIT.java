package org.camgate.rtsp;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.sim.camera.SimCameraConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recorders with their own read timeouts, through a gate with {@code whileShut: placeholder}: FFmpeg (JavaCV's
 * FFmpegFrameGrabber, a real FFmpeg RTSP client with a 5 s read timeout) stays connected through a long shut period
 * (grey pictures once a second, after a short burst that lets its stream probe finish), and gets the camera's
 * video, pre-roll first, within a second of the gate opening.
 * The shut period is {@code -Dcamgate.test.shutSeconds} (default 20; the 60 s by hand).
 */
class PlaceholderRecordersIT {
    static final int SHUT_SECONDS = Integer.getInteger("camgate.test.shutSeconds", 20);
    static final int FPS = 10;
    static final int PRE_ROLL_SECONDS = 2;

    private GatewayFixture fixture;

    static String cameras() {
        return """
                  - id: yard
                    purpose: test
                    source: ${CAMERA}/yard
                    gate: { mode: triggers, triggers: [manual], preRoll: %ds, postRoll: 0s, whileShut: placeholder }
                  - id: lobby
                    purpose: test
                    source: ${CAMERA}/yard
                    gate: { mode: triggers, triggers: [manual] }
                """.formatted(PRE_ROLL_SECONDS);
    }

    static List<SimCameraConfig> simCameras() {
        return List.of(new SimCameraConfig("yard", 320, 180, FPS, 300, FPS, false, null, null));
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A picture that is one uniform grey (the placeholder), judged on a grid of samples of the BGR image. */
    static boolean grey(Frame frame) {
        ByteBuffer b = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        int min = 255;
        int max = 0;
        for (int y = 0; y < frame.imageHeight; y += 7) {
            for (int x = 0; x < frame.imageWidth * frame.imageChannels; x += 5) {
                int v = b.get(y * stride + x) & 0xff;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max - min <= 6 && Math.abs(min - 128) <= 8;
    }

    record Got(long nanos, boolean grey) {
    }

    @Test
    void ffmpegStaysConnectedWhileShutAndGetsThePreRollAtOnce(@TempDir Path dir) throws Exception {
        fixture = new GatewayFixture(dir, simCameras(), GatewayFixture.yaml(cameras(), ""));
        String url = fixture.url("nvr", "secret", "yard");
        List<Got> got = new CopyOnWriteArrayList<>();
        long openAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUT_SECONDS + 3);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int realAfterOpen = 0;
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
                grabber.setOption("rtsp_transport", "tcp");
                grabber.setOption("timeout", "5000000"); // 5 s without data ends the session: shorter than the shut period
                long t0 = System.nanoTime();
                grabber.start();
                System.out.printf("placeholder/FFmpeg: start() took %.1f s%n", (System.nanoTime() - t0) / 1e9);
                while (realAfterOpen < PRE_ROLL_SECONDS * FPS + FPS) {
                    Frame f = grabber.grabImage();
                    if (f == null) {
                        break;
                    }
                    boolean grey = grey(f);
                    if (got.size() < 3) {
                        System.out.printf("placeholder/FFmpeg: picture %s at %.1f s before opening%n", grey, (openAt - System.nanoTime()) / 1e9);
                    }
                    got.add(new Got(System.nanoTime(), grey));
                    if (!grey && System.nanoTime() > openAt) {
                        realAfterOpen++;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return realAfterOpen;
        });
        long sleep = openAt - System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, sleep));
        long opened = System.nanoTime();
        fixture.gateway.events().publish(Event.of(Instant.now(), "test", EventSource.camera("yard"), "manual",
                EventState.START, null, Map.of()));
        int real = reader.get(30, TimeUnit.SECONDS);

        List<Got> shut = got.stream().filter(g -> g.nanos() < opened).toList();
        assertThat(shut).as("grey pictures while shut").isNotEmpty().allMatch(Got::grey);
        // A burst for the reader's stream probe (25 a second for 3 s after it joined), then one a second.
        long burstEnd = shut.get(0).nanos() + TimeUnit.MILLISECONDS.toNanos(3500);
        long steady = shut.stream().filter(g -> g.nanos() > burstEnd).count();
        double steadySeconds = (opened - burstEnd) / 1e9;
        assertThat((double) steady).as("one a second after the burst (%.1f s)", steadySeconds)
                .isBetween(steadySeconds - 2, steadySeconds + 2);
        long firstReal = got.stream().filter(g -> !g.grey()).mapToLong(Got::nanos).min().orElseThrow();
        double latency = (firstReal - opened) / 1e9;
        long realInFirstSecond = got.stream().filter(g -> !g.grey() && g.nanos() - opened <= 1_000_000_000L).count();
        System.out.printf("placeholder/FFmpeg: shut %d s, %d grey pictures, first camera picture %.3f s after opening, "
                + "%d camera pictures within 1 s%n", SHUT_SECONDS, shut.size(), latency, realInFirstSecond);
        assertThat(latency).as("video within a second of opening").isLessThan(1.0);
        assertThat(realInFirstSecond).as("the pre-roll (%d s at %d fps) arrives at once", PRE_ROLL_SECONDS, FPS)
                .isGreaterThanOrEqualTo((long) PRE_ROLL_SECONDS * FPS);
        assertThat(real).isGreaterThanOrEqualTo(PRE_ROLL_SECONDS * FPS);
        assertThat(fixture.audit()).as("one session, no reconnect")
                .filteredOn(l -> l.contains("\"session-start\"")).hasSize(1);
    }
}
