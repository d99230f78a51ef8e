package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.camgate.protocol.rtp.NalPacketizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays one camera's pre-encoded loop in real time, forever: every frame period it packetizes
 * the next access unit once and hands the same packets to every playing {@link MediaSink} (nothing is
 * packetized while no one plays). RTP timestamps and sequence numbers run on across loops. While the
 * camera is stalled ({@link CameraFaults#isStalled()}) it sends nothing, neither RTP nor RTCP, but its
 * clock runs on: afterwards the timestamps have jumped by the stall, the sequence numbers continue, and
 * video resumes at the next keyframe of the loop. Frames stay locked to the wall clock: a player starved of
 * CPU for more than a second drops the late frames (and resumes at a keyframe) rather than bursting them,
 * as a camera would. All state is confined to one executor.
 */
final class StreamPlayer {
    static final int VIDEO = 0;
    static final int AUDIO = 1;
    private static final long RTCP_INTERVAL_MILLIS = 2000;
    private static final long AUDIO_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final EncodedLoop video;
    private final byte[] audio;
    private final EventExecutor executor;
    private final ByteBufAllocator alloc;
    private final String cname;
    private final List<MediaSink> sinks = new ArrayList<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final RtpTrack[] tracks;
    private final NalPacketizer packetizer;
    private final CameraFaults faults;
    private final long startDelayNanos;
    private boolean resumeAtKeyframe;
    private final long framePeriodNanos;
    private long startNanos;
    private long frameCount;
    private long audioCount;

    /** Sequence number and RTP time of the next packet of a track, for RTP-Info. */
    record Position(int sequence, int rtpTime) {
    }

    /** {@code startDelayNanos} (less than a frame period) spreads many cameras' frames over the period. */
    StreamPlayer(EncodedLoop video, byte[] audio, EventExecutor executor, ByteBufAllocator alloc, String cname,
                 Random random, CameraFaults faults, long startDelayNanos) {
        this.video = video;
        this.faults = faults;
        this.startDelayNanos = startDelayNanos;
        this.framePeriodNanos = TimeUnit.SECONDS.toNanos(1) / video.fps();
        this.audio = audio;
        this.executor = executor;
        this.alloc = alloc;
        this.cname = cname;
        this.tracks = new RtpTrack[] {new RtpTrack(90_000, random), new RtpTrack(PcmuTone.SAMPLE_RATE, random)};
        this.packetizer = new NalPacketizer(video.codec(), 96, tracks[VIDEO].ssrc, tracks[VIDEO].firstSequence);
    }

    boolean hasAudio() {
        return audio != null;
    }

    void start() {
        executor.execute(() -> {
            startNanos = System.nanoTime() + startDelayNanos;
            tasks.add(executor.scheduleAtFixedRate(this::sendVideo, startDelayNanos, framePeriodNanos,
                    TimeUnit.NANOSECONDS));
            if (audio != null) {
                tasks.add(executor.scheduleAtFixedRate(this::sendAudio, startDelayNanos, AUDIO_PERIOD_NANOS,
                        TimeUnit.NANOSECONDS));
            }
            tasks.add(executor.scheduleAtFixedRate(this::sendReports, 500, RTCP_INTERVAL_MILLIS, TimeUnit.MILLISECONDS));
        });
    }

    /** Stops playing and forgets every sink; does not wait. */
    void stop() {
        executor.execute(() -> {
            tasks.forEach(t -> t.cancel(false));
            tasks.clear();
            sinks.clear();
        });
    }

    /** Starts delivering to {@code sink} from the next frame; {@code onAdded} gets video and audio positions. */
    void addSink(MediaSink sink, Consumer<Position[]> onAdded) {
        executor.execute(() -> {
            if (!sinks.contains(sink)) {
                sinks.add(sink);
            }
            onAdded.accept(new Position[] {
                new Position(packetizer.nextSequence(), tracks[VIDEO].timestamp(videoTicks(frameCount))),
                new Position(tracks[AUDIO].peekSequence(), tracks[AUDIO].timestamp(audioCount * 160))
            });
        });
    }

    void removeSink(MediaSink sink) {
        executor.execute(() -> sinks.remove(sink));
    }

    private void sendVideo() {
        long late = lateBy(framePeriodNanos, frameCount);
        if (late < 0) {
            return;  // a catch-up run of the timer after frames were dropped: wait for the clock
        }
        if (late > video.fps()) {
            frameCount += late;
            resumeAtKeyframe = true;
        }
        EncodedLoop.AccessUnit au = video.unit(frameCount);
        int timestamp = tracks[VIDEO].timestamp(videoTicks(frameCount));
        frameCount++;
        if (faults.isStalled()) {
            resumeAtKeyframe = true;
            return;
        }
        if (resumeAtKeyframe && !au.keyframe()) {
            return;
        }
        resumeAtKeyframe = false;
        if (sinks.isEmpty()) {
            return;
        }
        List<ByteBuf> nals = new ArrayList<>(au.nals().size());
        for (byte[] nal : au.nals()) {
            nals.add(Unpooled.wrappedBuffer(nal));
        }
        List<ByteBuf> packets = packetizer.packetize(alloc, nals, timestamp);
        deliver(VIDEO, packets, au.keyframe());
    }

    private void sendAudio() {
        long late = lateBy(AUDIO_PERIOD_NANOS, audioCount);
        if (late < 0) {
            return;
        }
        if (late > TimeUnit.SECONDS.toNanos(1) / AUDIO_PERIOD_NANOS) {
            audioCount += late;
        }
        int offset = (int) (audioCount * 160 % audio.length);
        RtpTrack track = tracks[AUDIO];
        int timestamp = track.timestamp(audioCount * 160);
        if (faults.isStalled() || sinks.isEmpty()) {
            audioCount++;
            return;
        }
        ByteBuf packet = alloc.buffer(12 + 160);
        packet.writeByte(0x80).writeByte(audioCount == 0 ? 0x80 : 0).writeShort(track.takeSequence());
        packet.writeInt(timestamp).writeInt(track.ssrc).writeBytes(audio, offset, 160);
        audioCount++;
        deliver(AUDIO, List.of(packet), true);
    }

    /** How many periods behind the wall clock item {@code count} is (negative: ahead of it). */
    private long lateBy(long periodNanos, long count) {
        return (System.nanoTime() - startNanos) / periodNanos - count;
    }

    /** The RTP timestamp frame {@code frame} of the timeline carries (frame 0 is played at start). */
    long videoRtpTimestamp(long frame) {
        return tracks[VIDEO].timestamp(videoTicks(frame)) & 0xffffffffL;
    }

    private long videoTicks(long frame) {
        return frame * 90_000 / video.fps();
    }

    private void deliver(int trackIndex, List<ByteBuf> packets, boolean keyframe) {
        try {
            tracks[trackIndex].count(packets);
            for (MediaSink sink : sinks) {
                sink.frame(trackIndex, packets, keyframe);
            }
        } finally {
            packets.forEach(ByteBuf::release);
        }
    }

    private void sendReports() {
        if (faults.isStalled() || sinks.isEmpty()) {
            return;
        }
        long elapsedNanos = System.nanoTime() - startNanos;
        long now = System.currentTimeMillis();
        for (int i = 0; i < (audio == null ? 1 : 2); i++) {
            RtpTrack track = tracks[i];
            int rtpNow = track.timestamp(elapsedNanos * track.clockRate / 1_000_000_000L);
            ByteBuf report = RtcpSenderReport.build(alloc, track.ssrc, now, rtpNow, track.packets, track.octets, cname);
            try {
                for (MediaSink sink : sinks) {
                    sink.rtcp(i, report);
                }
            } finally {
                report.release();
            }
        }
    }
}
