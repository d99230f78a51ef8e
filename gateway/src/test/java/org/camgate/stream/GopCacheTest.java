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
class GopCacheTest {
    private static final int VIDEO = 0;
    private static final int AUDIO = 1;

    private final GopCache cache = new GopCache(VIDEO, 100);
    private final List<Frame> created = new ArrayList<>();

    @AfterEach
    void everyFrameReleased() {
        cache.clear();
        assertThat(created).allSatisfy(f -> assertThat(f.refCnt()).isZero());
    }

    /** Adds a frame the way the stream does: the cache retains what it keeps, the caller releases its own. */
    private Frame add(int track, boolean keyframe, int bytes) {
        Frame frame = new Frame(track, keyframe, List.of(Unpooled.buffer(bytes).writeZero(bytes)), created.size());
        created.add(frame);
        cache.add(frame);
        frame.release();
        return frame;
    }

    private List<Frame> snapshotAndRelease() {
        List<Frame> snapshot = cache.snapshot();
        snapshot.forEach(Frame::release);
        return snapshot;
    }

    @Test
    void framesBeforeTheFirstKeyframeAreIgnored() {
        Frame p = add(VIDEO, false, 10);
        Frame audio = add(AUDIO, true, 10);

        assertThat(cache.snapshot()).isEmpty();
        assertThat(cache.bytes()).isZero();
        assertThat(p.refCnt()).isZero();
        assertThat(audio.refCnt()).isZero();
    }

    @Test
    void startsAtAVideoKeyframeAndKeepsOrder() {
        Frame key = add(VIDEO, true, 30);
        Frame audio = add(AUDIO, true, 5);
        Frame p = add(VIDEO, false, 10);

        assertThat(snapshotAndRelease()).containsExactly(key, audio, p);
        assertThat(cache.bytes()).isEqualTo(45);
        assertThat(List.of(key, audio, p)).allSatisfy(f -> assertThat(f.refCnt()).isEqualTo(1));
    }

    @Test
    void keyframesOfOtherTracksDoNotStartAGop() {
        add(AUDIO, true, 5);
        add(2, true, 5);
        assertThat(cache.snapshot()).isEmpty();
    }

    @Test
    void newKeyframeReplacesTheGop() {
        Frame key1 = add(VIDEO, true, 30);
        Frame p1 = add(VIDEO, false, 10);
        Frame key2 = add(VIDEO, true, 20);
        Frame p2 = add(VIDEO, false, 10);

        assertThat(key1.refCnt()).isZero();
        assertThat(p1.refCnt()).isZero();
        assertThat(snapshotAndRelease()).containsExactly(key2, p2);
        assertThat(cache.bytes()).isEqualTo(30);
    }

    @Test
    void gopOverTheBoundIsDroppedUntilTheNextKeyframe() {
        Frame key = add(VIDEO, true, 40);
        Frame p1 = add(VIDEO, false, 40);
        assertThat(cache.bytes()).isEqualTo(80);

        Frame p2 = add(VIDEO, false, 40); // 120 > 100

        assertThat(cache.snapshot()).isEmpty();
        assertThat(cache.bytes()).isZero();
        assertThat(List.of(key, p1, p2)).allSatisfy(f -> assertThat(f.refCnt()).isZero());

        add(VIDEO, false, 1);
        add(AUDIO, true, 1);
        assertThat(cache.snapshot()).isEmpty();

        Frame key2 = add(VIDEO, true, 40);
        assertThat(snapshotAndRelease()).containsExactly(key2);
    }

    @Test
    void gopExactlyAtTheBoundIsKept() {
        add(VIDEO, true, 60);
        add(VIDEO, false, 40);
        assertThat(snapshotAndRelease()).hasSize(2);
        assertThat(cache.bytes()).isEqualTo(100);
    }

    @Test
    void snapshotRetainsItsFrames() {
        Frame key = add(VIDEO, true, 30);
        Frame p = add(VIDEO, false, 10);

        List<Frame> snapshot = cache.snapshot();
        assertThat(key.refCnt()).isEqualTo(2);
        assertThat(p.refCnt()).isEqualTo(2);

        cache.clear();
        assertThat(key.refCnt()).isEqualTo(1);
        assertThat(key.data().refCnt()).isEqualTo(1);
        assertThat(cache.snapshot()).isEmpty();

        snapshot.forEach(Frame::release);
        assertThat(key.refCnt()).isZero();
        assertThat(key.data().refCnt()).isZero();
    }

    @Test
    void clearReleasesEverything() {
        Frame key = add(VIDEO, true, 30);
        Frame audio = add(AUDIO, true, 10);

        cache.clear();

        assertThat(key.refCnt()).isZero();
        assertThat(audio.refCnt()).isZero();
        assertThat(cache.bytes()).isZero();
    }
}
