package org.camgate.rtsp;

import io.netty.buffer.Unpooled;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.protocol.rtp.KeyframeDetector;
import org.camgate.sim.camera.ScriptedScene;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate end to end: simulated cameras play scripted scenes, the gateway analyses them (FFmpeg decoder in
 * process) and gates the video, and raw RTSP/TCP readers record which scene seconds reach them.
 * Scenes start when the camera server starts; all four cameras run in one gateway at once, so the class takes
 * about as long as the longest scene (~17 s).
 */
@ExtendWith(NettyLeakCheck.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MotionGatingIT {
    private static final int FPS = 25;
    /** Motion from T1 to T2 seconds into the scene. */
    private static final double T1 = 5;
    private static final double T2 = 8;
    private static final double PRE_ROLL = 2;
    private static final double POST_ROLL = 2;
    private static final double GOP = 1;
    /**
     * Tolerance: the gate opens after {@code startFrames} (2) analysed pictures at 5 fps show motion (0.4 s) plus
     * decoding and scheduling; it closes {@code endFrames} (5) quiet pictures (1 s) after the object has left,
     * plus post-roll. Pre-roll starts at the keyframe at or before opening - preRoll, up to one GOP (1 s) earlier.
     */
    private static final double DETECT = 1.2;
    private static final double END_DETECT = 1.0 + 0.8;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private GatewayFixture fixture;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ScriptedScene motion = ScriptedScene.builder().still(T1).object(T2 - T1, 50).still(9).build();
        ScriptedScene falseAlarms = ScriptedScene.builder().still(3).brightness(3, 50).noise(3, 6)
                .object(3, 15).still(5).build();
        String otherDay = DayOfWeek.from(Instant.now().atZone(ZoneOffset.UTC)).plus(3).name().substring(0, 3)
                .toLowerCase(Locale.ROOT);
        String cameras = """
                  - id: moving
                    purpose: test
                    source: ${CAMERA}/moving
                    gate: { mode: motion, preRoll: 2s, postRoll: 2s }
                    motion: { startFrames: 2, endFrames: 5 }
                  - id: lobby
                    purpose: test
                    source: ${CAMERA}/lobby
                    gate: { mode: motion, preRoll: 2s, postRoll: 2s }
                    motion: { startFrames: 2, endFrames: 5, masks: [[[0, 0], [1, 0], [1, 0.35], [0, 0.35]]] }
                  - id: manual
                    purpose: test
                    source: ${CAMERA}/manual
                    gate: { mode: triggers, triggers: [manual] }
                  - id: sub
                    purpose: test
                    source: ${CAMERA}/still
                    gate: { mode: motion, postRoll: 2s }
                    motion: { startFrames: 2, endFrames: 5, analysisSource: "${CAMERA}/moving" }
                  - id: closed
                    purpose: test
                    source: ${CAMERA}/closed
                    gate:
                      mode: triggers
                      triggers: [manual]
                      schedule: { timezone: UTC, windows: ["%s 00:00-24:00"] }
                """.formatted(otherDay);
        SimCameraConfig base = SimCameraConfig.of("x").withSize(320, 180).withFps(FPS).withGopFrames(FPS).withBitrateKbps(300);
        fixture = new GatewayFixture(dir, List.of(
                new SimCameraConfig("moving", 320, 180, FPS, 300, FPS, false, null, null, motion),
                new SimCameraConfig("lobby", 320, 180, FPS, 300, FPS, false, null, null, falseAlarms),
                new SimCameraConfig("manual", base.width(), base.height(), FPS, 300, FPS, false, null, null),
                new SimCameraConfig("closed", base.width(), base.height(), FPS, 300, FPS, false, null, null),
                new SimCameraConfig("still", 320, 180, FPS, 300, FPS, false, null, null,
                        ScriptedScene.builder().still(1).build())),
                GatewayFixture.yaml(cameras, ""));
        fixture.gateway.events().subscribe(e -> {
            if (e.event().equals("gate") || e.event().equals("motion")) {
                events.add(e);
            }
        });
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A video frame a reader got: scene time from its RTP timestamp, sequence number of its first packet. */
    record Got(double sceneSeconds, int seq, int packets, boolean keyframe, long receivedNanos) {
    }

    /** Reads a camera through the gateway until {@code untilSceneSeconds} (wall time since the cameras started). */
    private List<Got> read(String camera, double untilSceneSeconds, long startNanos) throws Exception {
        List<Got> got = new ArrayList<>();
        try (RtspTestClient c = new RtspTestClient(fixture.rtsp(), "nvr", "secret")) {
            assertThat(c.request("DESCRIBE", fixture.url(camera)).status()).isEqualTo(200);
            RtspTestClient.Response setup = c.request("SETUP", fixture.url(camera) + "/trackID=0",
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(c.request("PLAY", fixture.url(camera), "Session", setup.session()).status()).isEqualTo(200);
            c.socket.setSoTimeout(300);
            long base = fixture.cameras.videoRtpTimestamp(camera, 0);
            long lastTs = -1;
            int lastSeq = -1;
            Got current = null;
            while (System.nanoTime() - startNanos < (long) (untilSceneSeconds * 1e9)) {
                RtspTestClient.Interleaved frame;
                try {
                    frame = c.readInterleaved();
                } catch (SocketTimeoutException quiet) {
                    continue;
                }
                if (frame.channel() != 0) {
                    continue;
                }
                byte[] rtp = frame.data();
                int seq = ((rtp[2] & 0xff) << 8) | (rtp[3] & 0xff);
                long ts = ((rtp[4] & 0xffL) << 24) | ((rtp[5] & 0xff) << 16) | ((rtp[6] & 0xff) << 8) | (rtp[7] & 0xff);
                if (lastSeq >= 0) {
                    assertThat(seq).as("sequence numbers continuous for the reader").isEqualTo((lastSeq + 1) & 0xffff);
                }
                lastSeq = seq;
                if (ts != lastTs) {
                    boolean key = KeyframeDetector.isKeyframeStart("H264", Unpooled.wrappedBuffer(rtp));
                    current = new Got(((ts - base) & 0xffffffffL) / 90_000.0, seq, 1, key, System.nanoTime());
                    got.add(current);
                    lastTs = ts;
                }
            }
        }
        return got;
    }

    private long startNanos;

    @Test
    @SuppressWarnings("unchecked")
    void gatesEachSceneAsScripted() throws Exception {
        startNanos = System.nanoTime() - (long) (fixture.cameras.elapsedSeconds() * 1e9);
        CompletableFuture<List<Got>> moving = CompletableFuture.supplyAsync(() -> unchecked(() -> read("moving", 15.5, startNanos)));
        CompletableFuture<List<Got>> quiet = CompletableFuture.supplyAsync(() -> unchecked(() -> read("lobby", 15.5, startNanos)));
        CompletableFuture<List<Got>> closed = CompletableFuture.supplyAsync(() -> unchecked(() -> read("closed", 6, startNanos)));
        CompletableFuture<List<Got>> manual = CompletableFuture.supplyAsync(() -> unchecked(() -> read("manual", 9, startNanos)));

        // The manual camera: an operator's trigger (as the MQTT command handler publishes it) from 3 s to 6 s.
        sleepUntil(3);
        publishManual("manual", EventState.START);
        publishManual("closed", EventState.START);
        sleepUntil(4.5);
        Map<String, Map<String, Object>> gates = gateStatus();
        assertThat(gates.get("manual")).containsEntry("mode", "triggers").containsEntry("open", true)
                .containsEntry("activeTriggers", List.of("manual"));
        assertThat(gates.get("closed")).containsEntry("open", false).containsEntry("activeTriggers", List.of("manual"))
                .containsEntry("scheduleAllows", false);
        assertThat(gates.get("moving")).containsEntry("mode", "motion").containsEntry("open", false);
        assertThat((Map<String, Object>) gates.get("moving").get("motion")).containsEntry("motion", false)
                .containsEntry("keyframesOnly", false).containsEntry("incompleteFrames", 0L);
        sleepUntil(6);
        publishManual("manual", EventState.END);
        publishManual("closed", EventState.END);

        sleepUntil(T1 + 1.5);
        gates = gateStatus();
        assertThat(gates.get("moving")).as("during motion").containsEntry("open", true)
                .containsEntry("activeTriggers", List.of("motion"));
        assertThat((Map<String, Object>) gates.get("moving").get("motion")).containsEntry("motion", true);
        assertThat((double) ((Map<String, Object>) gates.get("moving").get("motion")).get("score")).isPositive();

        List<Got> m = moving.get();
        assertThat(m).as("video reaches the reader around the motion").isNotEmpty();
        assertThat(m.get(0).keyframe()).as("starts at a keyframe").isTrue();
        double first = m.get(0).sceneSeconds();
        double last = m.get(m.size() - 1).sceneSeconds();
        assertThat(first).as("from t1 - preRoll, at the keyframe at or before opening - preRoll")
                .isBetween(T1 - PRE_ROLL - GOP - 0.05, T1 - PRE_ROLL + DETECT);
        assertThat(last).as("until t2 + postRoll").isBetween(T2 + POST_ROLL - 0.2, T2 + POST_ROLL + END_DETECT);
        for (int i = 1; i < m.size(); i++) {
            assertThat(m.get(i).sceneSeconds() - m.get(i - 1).sceneSeconds()).as("one clip, no holes")
                    .isLessThan(0.05);
        }

        assertThat(quiet.get()).as("still, brightness jump, noise and motion inside a mask: no video").isEmpty();
        assertThat(closed.get()).as("outside the schedule a manual trigger opens nothing").isEmpty();

        List<Got> man = manual.get();
        assertThat(man).isNotEmpty();
        assertThat(man.get(0).keyframe()).isTrue();
        assertThat(man.get(0).sceneSeconds()).as("opens at the manual start, at the current keyframe").isBetween(2.0 - 0.05, 3.5);
        assertThat(man.get(man.size() - 1).sceneSeconds()).as("closes at the manual end").isBetween(5.8, 6.5);

        assertThat(events.stream().filter(e -> e.source().id().equals("moving")).map(e -> e.event() + " " + e.state().wire()))
                .as("motion and gate events in order").containsExactly("motion start", "gate start", "motion end", "gate end");
        assertThat(events.stream().filter(e -> e.source().id().equals("sub")).map(e -> e.event() + " " + e.state().wire()))
                .as("a still camera whose analysis source has motion").containsExactly("motion start", "gate start",
                        "motion end", "gate end");
        assertThat(events.stream().filter(e -> e.source().id().equals("lobby"))).isEmpty();
        assertThat(events.stream().filter(e -> e.source().id().equals("closed"))).isEmpty();
        assertThat(events.stream().filter(e -> e.source().id().equals("manual")).map(e -> e.data().get("reason")))
                .containsExactly("trigger", "trigger");
        assertThat(fixture.gateway.metrics().scrape()).contains("camgate_motion_score{camera=\"moving\"}");
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(fixture.audit())
                .anyMatch(l -> l.contains("\"gate-open\"") && l.contains("\"moving\"")));
    }

    /** The gates status section, by camera id. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> gateStatus() {
        Map<String, Map<String, Object>> out = new java.util.HashMap<>();
        for (Map<String, Object> camera : (List<Map<String, Object>>) fixture.gateway.status().snapshot().get("gates")) {
            out.put((String) camera.get("id"), camera);
        }
        return out;
    }

    private void publishManual(String camera, EventState state) {
        fixture.gateway.events().publish(Event.of(Instant.now(), "test", EventSource.camera(camera), "manual", state,
                null, Map.of()));
    }

    private void sleepUntil(double sceneSeconds) throws InterruptedException {
        long wait = (long) (sceneSeconds * 1e9) - (System.nanoTime() - startNanos);
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }

    interface Action<T> {
        T run() throws Exception;
    }

    private static <T> T unchecked(Action<T> a) {
        try {
            return a.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
