package org.camgate.stream;

import io.netty.buffer.Unpooled;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(NettyLeakCheck.class)
class PreRollBufferTest {
    private static final int VIDEO = 0;
    private static final int AUDIO = 1;
    private static final long S = 1_000_000_000L;

    private final List<Frame> created = new ArrayList<>();
    private PreRollBuffer buffer = new PreRollBuffer(VIDEO, 3 * S, 1000);

    @AfterEach
    void everyFrameReleased() {
        buffer.clear();
        assertThat(created).allSatisfy(f -> assertThat(f.refCnt()).isZero());
    }

    private Frame add(int track, boolean keyframe, int bytes, long atNanos) {
        Frame frame = new Frame(track, keyframe, List.of(Unpooled.buffer(bytes).writeZero(bytes)), atNanos);
        created.add(frame);
        buffer.add(frame);
        frame.release();
        return frame;
    }

    private List<Frame> replay(long atNanos) {
        List<Frame> frames = buffer.replay(atNanos);
        frames.forEach(Frame::release);
        return frames;
    }

    /** A group of pictures every second: keyframe at n s, then one frame per 250 ms, and an audio packet. */
    private List<Frame> seconds(int from, int to) {
        List<Frame> frames = new ArrayList<>();
        for (int s = from; s < to; s++) {
            frames.add(add(VIDEO, true, 10, s * S));
            frames.add(add(AUDIO, false, 2, s * S + 1));
            for (int q = 1; q < 4; q++) {
                frames.add(add(VIDEO, false, 5, s * S + q * S / 4));
            }
        }
        return frames;
    }

    @Test
    void framesBeforeTheFirstKeyframeAreNotKept() {
        add(VIDEO, false, 5, 0);
        add(AUDIO, false, 2, 1);
        assertThat(buffer.size()).isZero();
        Frame key = add(VIDEO, true, 10, 2);
        assertThat(replay(3)).containsExactly(key);
    }

    @Test
    void replayStartsAtTheLastKeyframeAtOrBeforeOpenMinusPreRoll() {
        List<Frame> frames = seconds(0, 10);
        // Opening at 9.9 s with 3 s pre-roll: the keyframe at or before 6.9 s is the one at 6 s.
        List<Frame> replay = replay(9 * S + 9 * S / 10);
        assertThat(replay.get(0).createdNanos()).isEqualTo(6 * S);
        assertThat(replay.get(0).keyframe()).isTrue();
        assertThat(replay).containsExactlyElementsOf(frames.subList(frames.indexOf(replay.get(0)), frames.size()));
    }

    @Test
    void oldGroupsAreDroppedAsTimePasses() {
        seconds(0, 10);
        assertThat(buffer.size()).as("groups from 6 s to 9 s: the 6 s keyframe is needed for 9.x s - 3 s").isEqualTo(4 * 5);
    }

    @Test
    void theByteBoundDropsTheOldestGroups() {
        buffer = new PreRollBuffer(VIDEO, 60 * S, 60);
        seconds(0, 10);
        assertThat(buffer.bytes()).isLessThanOrEqualTo(60);
        assertThat(replay(10 * S).get(0).createdNanos()).as("the oldest group that fits").isEqualTo(8 * S);
    }

    @Test
    void aGroupLargerThanTheBoundEmptiesTheBufferUntilTheNextKeyframe() {
        buffer = new PreRollBuffer(VIDEO, 60 * S, 30);
        add(VIDEO, true, 10, 0);
        add(VIDEO, false, 15, 1);
        add(VIDEO, false, 15, 2);
        assertThat(buffer.size()).isZero();
        add(VIDEO, false, 5, 3);
        assertThat(buffer.size()).isZero();
        Frame key = add(VIDEO, true, 10, 4);
        assertThat(replay(5)).containsExactly(key);
    }

    @Test
    void whatReadersAlreadyGotIsNotSentAgain() {
        List<Frame> frames = seconds(0, 4);
        for (int i = 0; i < 12; i++) {
            frames.get(i).markForwarded();
        }
        assertThat(replay(4 * S)).as("continues after the last forwarded frame").containsExactlyElementsOf(frames.subList(12, 20));
    }

    @Test
    void withoutVideoTimeAloneBoundsTheBuffer() {
        buffer = new PreRollBuffer(-1, S, 1000);
        for (int i = 0; i < 10; i++) {
            add(AUDIO, false, 2, i * S / 2);
        }
        assertThat(replay(5 * S).get(0).createdNanos()).isEqualTo(4 * S);
    }
}
