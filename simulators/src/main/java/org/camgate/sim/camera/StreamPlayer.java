package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.camgate.protocol.rtp.H264Packetizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays one camera's pre-encoded loop in real time, forever: every frame period it packetizes
 * the next access unit once and hands the packets to every playing {@link MediaSink}. RTP
 * timestamps and sequence numbers run on across loops. All state is confined to one executor.
 */
final class StreamPlayer {
    static final int VIDEO = 0;
    static final int AUDIO = 1;
    private static final long RTCP_INTERVAL_MILLIS = 2000;

    private final EncodedLoop video;
    private final byte[] audio;
    private final EventExecutor executor;
    private final ByteBufAllocator alloc;
    private final String cname;
    private final List<MediaSink> sinks = new ArrayList<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final RtpTrack[] tracks;
    private final H264Packetizer packetizer;
    private long startNanos;
    private long frameCount;
    private long audioCount;

    /** Sequence number and RTP time of the next packet of a track, for RTP-Info. */
    record Position(int sequence, int rtpTime) {
    }

    StreamPlayer(EncodedLoop video, byte[] audio, EventExecutor executor, ByteBufAllocator alloc, String cname,
                 Random random) {
        this.video = video;
        this.audio = audio;
        this.executor = executor;
        this.alloc = alloc;
        this.cname = cname;
        this.tracks = new RtpTrack[] {new RtpTrack(90_000, random), new RtpTrack(PcmuTone.SAMPLE_RATE, random)};
        this.packetizer = new H264Packetizer(96, tracks[VIDEO].ssrc, tracks[VIDEO].firstSequence);
    }

    boolean hasAudio() {
        return audio != null;
    }

    void start() {
        executor.execute(() -> {
            startNanos = System.nanoTime();
            long framePeriod = TimeUnit.SECONDS.toNanos(1) / video.fps();
            tasks.add(executor.scheduleAtFixedRate(this::sendVideo, 0, framePeriod, TimeUnit.NANOSECONDS));
            if (audio != null) {
                tasks.add(executor.scheduleAtFixedRate(this::sendAudio, 0, 20, TimeUnit.MILLISECONDS));
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
        EncodedLoop.AccessUnit au = video.unit(frameCount);
        int timestamp = tracks[VIDEO].timestamp(videoTicks(frameCount));
        frameCount++;
        List<ByteBuf> nals = new ArrayList<>(au.nals().size());
        for (byte[] nal : au.nals()) {
            nals.add(Unpooled.wrappedBuffer(nal));
        }
        List<ByteBuf> packets = packetizer.packetize(alloc, nals, timestamp);
        deliver(VIDEO, packets, au.keyframe());
    }

    private void sendAudio() {
        int offset = (int) (audioCount * 160 % audio.length);
        RtpTrack track = tracks[AUDIO];
        int timestamp = track.timestamp(audioCount * 160);
        ByteBuf packet = alloc.buffer(12 + 160);
        packet.writeByte(0x80).writeByte(audioCount == 0 ? 0x80 : 0).writeShort(track.takeSequence());
        packet.writeInt(timestamp).writeInt(track.ssrc).writeBytes(audio, offset, 160);
        audioCount++;
        deliver(AUDIO, List.of(packet), true);
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
