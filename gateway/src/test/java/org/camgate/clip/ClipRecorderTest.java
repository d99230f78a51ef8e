package org.camgate.clip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camgate.stream.Frame;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.TestFrames;
import org.camgate.stream.TrackInfo;
import org.junit.jupiter.api.Test;

/** The recorder's pre-roll, start, end and cut, with frames made up at 25 fps and a keyframe every 5. */
class ClipRecorderTest {
    private static final long FRAME = 40_000_000L;
    private final List<Long> started = new ArrayList<>();
    private final List<ClipFrame> sent = new ArrayList<>();
    private int finished;

    private final ClipRecorder recorder = new ClipRecorder("cam", Duration.ofSeconds(1), 1 << 20, Duration.ofSeconds(10),
            List.of(), (camera, first, triggers, h265, sdp) -> {
                started.add(first);
                return new ClipRecorder.Handle() {
                    @Override
                    public boolean frame(ClipFrame frame) {
                        sent.add(frame);
                        return true;
                    }

                    @Override
                    public void finish() {
                        finished++;
                    }

                    @Override
                    public void abort(String reason) {
                    }
                };
            });

    private void feed(int from, int to) {
        for (int i = from; i < to; i++) {
            ByteBuf rtp = Unpooled.buffer(16).writeByte(0x80).writeByte(96).writeShort(i).writeInt(i * 3600).writeInt(1)
                    .writeInt(0x65000000);
            Frame f = TestFrames.of(0, i % 5 == 0, List.of(rtp), i * FRAME, ByteBufAllocator.DEFAULT);
            recorder.onFrame(f);
            f.release();
        }
    }

    @Test
    void startsAtTheKeyframeBeforeOpeningMinusPreRollAndEndsWhenTheGateCloses() {
        recorder.onDescription(new StreamDescription("v=0", List.of(new TrackInfo(0, "video", "H264", 90000))));
        feed(0, 75);
        recorder.gateChanged(true, List.of("manual"), 74 * FRAME);
        assertThat(started).containsExactly(45 * FRAME); // 74 - 25 = 49: keyframe 45
        feed(75, 100);
        recorder.gateChanged(false, List.of(), 99 * FRAME);
        assertThat(sent).hasSize(100 - 45);
        assertThat(sent.get(0).rtpTime()).isEqualTo(45 * 3600);
        assertThat(finished).isEqualTo(1);
        recorder.close();
    }
}
