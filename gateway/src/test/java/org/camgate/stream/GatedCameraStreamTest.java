package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.camgate.gate.Gate;
import org.camgate.protocol.rtp.Rtp;
import org.camgate.testing.NettyLeakCheck;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.testing.RtpPackets.rtp;

/** A camera stream behind a gate that opens and closes: pre-roll, continuous numbering, RTCP while shut. */
@ExtendWith(NettyLeakCheck.class)
class GatedCameraStreamTest {
    private static final StreamDescription DESCRIPTION = new StreamDescription("v=0\r\n", List.of(
            new TrackInfo(0, "video", "H264", 90_000)));
    private static final StreamSettings SETTINGS = new StreamSettings(1 << 20, 1 << 18, Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(4));

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<ByteBuf> fromCamera = new ArrayList<>();
    private final TestGate gate = new TestGate();
    private UpstreamListener camera;
    private CameraStream stream;
    private int cameraSeq = 1000;

    /** A gate the test opens and closes, with an hour of pre-roll so the buffer keeps every group. */
    private static final class TestGate implements Gate {
        boolean open;
        Listener listener;
        Duration preRoll = Duration.ofHours(1);

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void listen(Listener l) {
            listener = l;
        }

        @Override
        public Duration preRoll() {
            return preRoll;
        }

        @Override
        public long preRollBytes() {
            return 1 << 20;
        }

        void set(boolean open) {
            this.open = open;
            listener.gateChanged(open, System.nanoTime());
        }
    }

    private static final class Reader implements StreamReader {
        final List<Integer> seqs = new ArrayList<>();
        final List<Integer> payloads = new ArrayList<>();
        final List<Boolean> keyframes = new ArrayList<>();
        int reports;
        int gateOpenings;

        @Override
        public void onFrame(Frame frame) {
            ByteBuf first = frame.packet(0);
            ByteBuf rtp = first.slice(first.readerIndex() + Frame.HEADER, first.readableBytes() - Frame.HEADER);
            seqs.add(Rtp.sequenceNumber(rtp));
            payloads.add((int) rtp.getUnsignedByte(rtp.readerIndex() + 13));
            keyframes.add(frame.keyframe());
        }

        @Override
        public void onSenderReport(int track, ByteBuf report) {
            reports++;
        }

        @Override
        public void gateOpened() {
            gateOpenings++;
        }
    }

    private final List<CameraStream.RtpStart[]> starts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        channel.freezeTime();
        EventLoop loop = channel.eventLoop();
        stream = new CameraStream("cam1", loop, new UpstreamSource() {
            @Override
            public UpstreamSession open(EventLoop l, UpstreamListener listener) {
                camera = listener;
                return () -> { };
            }
        }, gate, SETTINGS, UnpooledByteBufAllocator.DEFAULT);
        stream.acquire();
        run();
        camera.onPlaying(DESCRIPTION);
    }

    @AfterEach
    void closeAndCheckBuffers() {
        stream.close();
        run();
        channel.finishAndReleaseAll();
        assertThat(fromCamera).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    private void run() {
        channel.runPendingTasks();
        channel.runPendingTasks();
    }

    /** One single-packet frame; the payload's second byte numbers it so the test can tell frames apart. */
    private void frame(boolean key, int n) {
        ByteBuf buf = rtp().payloadType(96).seq(cameraSeq++).ts(n * 3600L).marker(true)
                .payload(key ? 0x65 : 0x41, n).build();
        fromCamera.add(buf);
        camera.onRtp(0, buf);
    }

    private Reader attach() {
        Reader reader = new Reader();
        stream.attach(reader, starts::add);
        run();
        return reader;
    }

    private void senderReport() {
        ByteBuf sr = io.netty.buffer.Unpooled.buffer(28);
        sr.writeByte(0x80).writeByte(200).writeShort(6).writeInt(0x0badcafe).writeLong(0).writeInt(0).writeInt(0).writeInt(0);
        fromCamera.add(sr);
        camera.onRtcp(0, sr);
    }

    @Test
    void aShutGateSendsNoVideoButKeepsRtcpFlowing() {
        Reader reader = attach();
        assertThat(starts.get(0)[0]).as("no first packet known while shut").isNull();
        frame(true, 1);
        frame(false, 2);
        senderReport();
        assertThat(reader.seqs).isEmpty();
        assertThat(reader.reports).isEqualTo(1);
    }

    @Test
    void openingSendsThePreRollFromAKeyframeThenLive() {
        Reader reader = attach();
        frame(false, 1); // before any keyframe: never sent
        frame(true, 2);
        frame(false, 3);
        frame(true, 4);
        frame(false, 5);
        gate.set(true);
        frame(false, 6);
        assertThat(reader.payloads).containsExactly(2, 3, 4, 5, 6);
        assertThat(reader.keyframes.get(0)).isTrue();
        assertThat(reader.gateOpenings).isEqualTo(1);
    }

    @Test
    void preRollZeroStartsAtTheCurrentKeyframe() {
        gate.preRoll = Duration.ZERO;
        camera.onPlaying(new StreamDescription("v=1\r\n", List.of(new TrackInfo(0, "video", "H265", 90_000))));
        camera.onPlaying(DESCRIPTION); // new tracks: buffers built for the new pre-roll
        Reader reader = attach();
        frame(true, 1);
        frame(false, 2);
        frame(true, 3);
        frame(false, 4);
        gate.set(true);
        assertThat(reader.payloads).containsExactly(3, 4);
    }

    @Test
    void sequenceNumbersStayContinuousAcrossShutPeriods() {
        Reader reader = attach();
        frame(true, 1);
        gate.set(true);
        frame(false, 2);
        gate.set(false);
        for (int i = 0; i < 5; i++) {
            frame(true, 10 + 2 * i);
            frame(false, 11 + 2 * i);
        }
        gate.preRoll = Duration.ZERO;
        gate.set(true);
        frame(false, 30);
        // Reopening continues after the last frame sent (no duplicates), and numbers carry on one by one.
        assertThat(reader.payloads).startsWith(1, 2, 10, 11);
        assertThat(reader.payloads).endsWith(18, 19, 30);
        assertThat(reader.seqs).hasSize(reader.payloads.size());
        for (int i = 1; i < reader.seqs.size(); i++) {
            assertThat(reader.seqs.get(i)).isEqualTo((reader.seqs.get(i - 1) + 1) & 0xffff);
        }
    }

    @Test
    void aReaderJoiningWhileOpenStartsAtTheKeyframeWithFinalNumbers() {
        Reader first = attach();
        frame(true, 1);
        gate.set(true);
        frame(false, 2);
        Reader late = attach();
        frame(false, 3);
        assertThat(late.payloads).containsExactly(1, 2, 3);
        assertThat(late.seqs).isEqualTo(first.seqs);
        assertThat(starts.get(1)[0].sequenceNumber()).isEqualTo(first.seqs.get(0));
    }

    @Test
    void aGroupThatStartedBeforeAnUnbufferedOpeningIsNotReplayedToJoiners() {
        Reader first = attach();
        frame(true, 1);
        frame(false, 2);
        stream.close();
        run();
        assertThat(first.payloads).isEmpty();
    }
}
