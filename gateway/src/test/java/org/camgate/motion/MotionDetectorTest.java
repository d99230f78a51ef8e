package org.camgate.motion;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.camgate.config.MotionConfig;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventState;
import org.camgate.sim.camera.SceneClip;
import org.camgate.sim.camera.ScriptedScene;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.stream.Frame;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.TestFrames;
import org.camgate.stream.TrackInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A detector fed a real H.264 stream (a scripted scene encoded by libopenh264, packetized into RTP) with its worker on
 * the calling thread: analysis rate, keyframe-only decoding and its warning, and losses.
 */
class MotionDetectorTest {
    private static final long FRAME_NANOS = 40_000_000L;
    /** Still 1 s, an object crossing for 2 s, still 3 s. */
    private static final ScriptedScene SCENE = ScriptedScene.builder().still(1).object(2, 50).still(3).build();

    private final EventBus bus = new EventBus();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<ClipFrames.Packets> held = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger detectorLog = (Logger) LoggerFactory.getLogger(MotionDetector.class);

    MotionDetectorTest() {
        bus.subscribe(events::add);
        logs.start();
        detectorLog.addAppender(logs);
    }

    @AfterEach
    void release() {
        detectorLog.detachAppender(logs);
        ClipFrames.release(held);
    }

    private List<ClipFrames.Packets> stream(int gop, int maxPayload) {
        SceneClip clip = SceneClip.encode(new SimCameraConfig("t", 160, 96, 25, 200, gop, false, null, null, SCENE));
        List<ClipFrames.Packets> packets = ClipFrames.packetize(clip, maxPayload);
        held.addAll(packets);
        return packets;
    }

    private MotionDetector detector(boolean keyframesOnly) {
        MotionConfig d = MotionConfig.defaults();
        MotionConfig config = new MotionConfig(d.fps(), keyframesOnly, Optional.empty(), d.threshold(), d.minArea(),
                d.zones(), d.masks(), d.startFrames(), d.endFrames(), d.height());
        MotionDetector detector = new MotionDetector("cam1", "lab", config, Runnable::run, Runnable::run, bus, Clock.systemUTC());
        detector.onDescription(new StreamDescription("", List.of(new TrackInfo(0, "video", "H264", 90000))));
        return detector;
    }

    private static void feed(MotionDetector detector, Frame frame) {
        try {
            detector.onFrame(frame);
        } finally {
            frame.release();
        }
    }

    private static void feed(MotionDetector detector, List<ClipFrames.Packets> stream, int from, int to) {
        for (int i = from; i < to; i++) {
            feed(detector, stream.get(i).frame(i * FRAME_NANOS));
        }
    }

    private List<String> motionEvents() {
        return events.stream().filter(e -> e.event().equals("motion")).map(e -> e.state().name()).toList();
    }

    @Test
    void decodesEveryFrameAnalysesFiveASecondAndSeesTheObjectCross() {
        List<ClipFrames.Packets> stream = stream(25, 1400);
        MotionDetector detector = detector(false);

        feed(detector, stream, 0, stream.size());

        assertThat(stream).hasSize(150);
        assertThat(detector.analysed()).isEqualTo(30);
        assertThat(motionEvents()).containsExactly("START", "END");
        assertThat(detector.motion()).isFalse();
        assertThat(detector.incompleteFrames()).isZero();
        assertThat(events.get(0).source().id()).isEqualTo("cam1");
        detector.close();
    }

    @Test
    void keyframeOnlyModeDecodesOnlyTheKeyframes() {
        List<ClipFrames.Packets> stream = stream(25, 1400);
        MotionDetector detector = detector(true);

        feed(detector, stream, 0, stream.size());

        // Six keyframes, one a second: had any other frame been decoded, more than six pictures would be analysed.
        assertThat(detector.analysed()).isEqualTo(6);
        assertThat(detector.status()).containsEntry("keyframesOnly", true).containsEntry("analysed", 6L);
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("keyframes come"));
        detector.close();
    }

    @Test
    void keyframeOnlyModeWarnsOnceWhenKeyframesAreMoreThanTwoSecondsApart() {
        List<ClipFrames.Packets> stream = stream(75, 1400);
        MotionDetector detector = detector(true);

        feed(detector, stream, 0, stream.size());

        assertThat(detector.analysed()).isEqualTo(2);
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("keyframes come")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).isEqualTo("camera cam1: keyframes come 3000 ms "
                        + "apart; keyframe-only motion analysis sees that coarsely (set the camera's keyframe interval "
                        + "to 2 s or less, or turn keyframesOnly off)"));
        detector.close();
    }

    @Test
    void aFrameMissingAPacketStopsTheAnalysisUntilTheNextKeyframe() {
        List<ClipFrames.Packets> stream = stream(25, 16);
        MotionDetector detector = detector(false);
        feed(detector, stream, 0, 30);
        long before = detector.analysed();
        assertThat(stream.get(30).offsets().length).as("packets in frame 30").isGreaterThan(2);

        feed(detector, withoutPacket(stream.get(30).frame(30 * FRAME_NANOS), 1));
        feed(detector, stream, 31, 50);

        assertThat(detector.incompleteFrames()).isEqualTo(1);
        assertThat(detector.analysed()).as("nothing decoded until the keyframe").isEqualTo(before);
        feed(detector, stream, 50, 60);
        assertThat(detector.analysed()).as("analysed again from the keyframe").isBetween(before + 2, before + 3);
        detector.close();
    }

    @Test
    void aFrameLostWholeStopsTheAnalysisUntilTheNextKeyframe() {
        List<ClipFrames.Packets> stream = stream(25, 1400);
        MotionDetector detector = detector(false);
        feed(detector, stream, 0, 30);
        long before = detector.analysed();

        feed(detector, stream, 31, 50);

        assertThat(detector.incompleteFrames()).isEqualTo(1);
        assertThat(detector.analysed()).isEqualTo(before);
        feed(detector, stream, 50, 75);
        assertThat(detector.analysed()).isBetween(before + 5, before + 6);
        detector.close();
    }

    /** The frame without its packet {@code drop} (the frame is released). */
    private static Frame withoutPacket(Frame frame, int drop) {
        List<ByteBuf> kept = new ArrayList<>();
        for (int i = 0; i < frame.packetCount(); i++) {
            if (i != drop) {
                kept.add(frame.packet(i));
            }
        }
        ByteBuf data = Unpooled.copiedBuffer(kept.toArray(ByteBuf[]::new));
        int[] offsets = new int[kept.size()];
        for (int i = 1; i < offsets.length; i++) {
            offsets[i] = offsets[i - 1] + kept.get(i - 1).readableBytes();
        }
        Frame out = TestFrames.wrap(0, frame.keyframe(), data, offsets, frame.createdNanos());
        frame.release();
        return out;
    }
}
