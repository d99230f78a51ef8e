package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutor;
import org.camgate.protocol.rtp.NalCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The player keeps frames on the wall clock: a starved player drops late frames instead of bursting them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamPlayerClockIT {
    static {
        LeakCounter.install();
    }

    /** What one delivered video frame looked like. */
    private record Sent(long atNanos, int sequence, long timestamp, int packets, int firstNalType) {
    }

    @Test
    void aPlayerStarvedForOneAndAHalfSecondsSkipsToAKeyframeOnTheClockInsteadOfBursting() throws Exception {
        DefaultEventExecutor executor = new DefaultEventExecutor();
        List<Sent> sent = new ArrayList<>();
        MediaSink sink = new MediaSink() {
            @Override
            public void frame(int track, List<ByteBuf> packets, boolean keyframe) {
                ByteBuf first = packets.get(0);
                sent.add(new Sent(System.nanoTime(), first.getUnsignedShort(2), first.getUnsignedInt(4),
                        packets.size(), first.getUnsignedByte(12) & 0x1F));
            }

            @Override
            public void rtcp(int track, ByteBuf packet) {
            }
        };
        StreamPlayer player = new StreamPlayer(syntheticLoop(25, 5, 50), null, executor, ByteBufAllocator.DEFAULT,
                "test", new Random(7), new CameraFaults());
        try {
            player.start(System.nanoTime());
            player.addSink(sink, positions -> { });
            Thread.sleep(500);
            executor.execute(() -> sleep(1500));
            Thread.sleep(2500);
        } finally {
            player.stop();
            executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        List<Sent> frames = List.copyOf(sent);  // the executor has terminated: no more writes
        int gapEnd = 0;
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i).atNanos() - frames.get(i - 1).atNanos() > TimeUnit.MILLISECONDS.toNanos(1200)) {
                gapEnd = i;
            }
        }
        assertThat(gapEnd).as("the starvation shows as a gap").isPositive();
        Sent before = frames.get(gapEnd - 1);
        Sent after = frames.get(gapEnd);
        assertThat(after.firstNalType()).as("resumes with the SPS of a keyframe").isEqualTo(7);
        assertThat(after.sequence()).isEqualTo((before.sequence() + before.packets()) & 0xFFFF);
        assertThat((after.timestamp() - before.timestamp()) & 0xFFFFFFFFL).as("RTP time followed the clock")
                .isGreaterThanOrEqualTo(90_000L * 1200 / 1000);
        long burst = frames.stream().filter(f -> f.atNanos() >= after.atNanos()
                && f.atNanos() < after.atNanos() + TimeUnit.MILLISECONDS.toNanos(100)).count();
        assertThat(burst).as("no burst of the ~37 missed frames").isLessThanOrEqualTo(6);
        assertThat(LeakCounter.leaks()).isEmpty();
    }

    @Test
    void aPlayerStartedAfterItsEpochStartsAtTheFrameTheClockHasReachedWithAKeyframe() throws Exception {
        DefaultEventExecutor executor = new DefaultEventExecutor();
        List<Sent> sent = new ArrayList<>();
        MediaSink sink = new MediaSink() {
            @Override
            public void frame(int track, List<ByteBuf> packets, boolean keyframe) {
                ByteBuf first = packets.get(0);
                sent.add(new Sent(System.nanoTime(), first.getUnsignedShort(2), first.getUnsignedInt(4),
                        packets.size(), first.getUnsignedByte(12) & 0x1F));
            }

            @Override
            public void rtcp(int track, ByteBuf packet) {
            }
        };
        StreamPlayer player = new StreamPlayer(syntheticLoop(25, 5, 50), null, executor, ByteBufAllocator.DEFAULT,
                "test", new Random(7), new CameraFaults());
        try {
            player.addSink(sink, positions -> { });
            player.start(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(2100));  // frame 52 due, a P frame
            Thread.sleep(600);
        } finally {
            player.stop();
            executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        List<Sent> frames = List.copyOf(sent);
        assertThat(frames).isNotEmpty();
        Sent first = frames.get(0);
        assertThat(first.firstNalType()).as("starts with a keyframe").isEqualTo(7);
        // Frame 52 (53, 54 on a slow machine) is due first; the next keyframe (every 5th frame) is frame 55.
        assertThat(first.timestamp()).isEqualTo(player.videoRtpTimestamp(55));
        assertThat(LeakCounter.leaks()).isEmpty();
    }

    /** {@code frames} frames of fake H.264: a keyframe (SPS, PPS, IDR) every {@code gop}, P slices between. */
    static EncodedLoop syntheticLoop(int fps, int gop, int frames) {
        byte[] sps = {0x67, 0x42, (byte) 0xC0, 0x1E, 1, 2, 3};
        byte[] pps = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
        List<EncodedLoop.AccessUnit> units = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            if (i % gop == 0) {
                byte[] idr = new byte[3000];
                idr[0] = 0x65;
                units.add(new EncodedLoop.AccessUnit(List.of(sps, pps, idr), true));
            } else {
                byte[] slice = new byte[300];
                slice[0] = 0x41;
                units.add(new EncodedLoop.AccessUnit(List.of(slice), false));
            }
        }
        return new EncodedLoop(NalCodec.H264, units, List.of(sps, pps), fps, 0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
