package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.camgate.common.retry.Backoff;
import org.camgate.gate.Gate;
import org.camgate.protocol.rtp.Rtcp;
import org.camgate.protocol.rtp.Rtp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One camera as readers see it: a single upstream session shared by every reader, pulled while
 * anyone needs it, reconnected with backoff when the camera drops, and fanned out to readers
 * through the camera's gate. All state is confined to one event loop; public methods hop onto it.
 */
public final class CameraStream {
    private static final Logger log = LoggerFactory.getLogger(CameraStream.class);

    private final String cameraId;
    private final EventLoop loop;
    private final UpstreamSource source;
    private final Gate gate;
    private final StreamSettings settings;
    private final ByteBufAllocator alloc;

    private final Set<StreamReader> readers = new LinkedHashSet<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<FrameTap> taps = new ArrayList<>();
    private final ReaderFanOut readerFanOut = new ReaderFanOut();
    private final StreamCounters counters = new StreamCounters();
    private int demand;
    private boolean closed;

    private UpstreamSource.UpstreamSession session;
    private int epoch;
    private boolean playing;
    private StreamDescription description;
    private FrameAssembler[] assemblers = new FrameAssembler[0];
    private TrackRewriter[] rewriters = new TrackRewriter[0];
    private OutputSequence[] sequences = new OutputSequence[0];
    private PreRollBuffer preRoll;
    private GopCache gop;
    private final Backoff.Retries reconnectDelays;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> lingerTimer;
    private long framesIn;
    /** The camera's bitrate over the last whole second of frames (bits/s), and when a frame last came. */
    private final BitrateWindow bitrate = new BitrateWindow();
    /** Why the last upstream attempt failed (a reader waiting for the camera is told), or null. */
    private String lastFailure;
    /** whileShut placeholder: the encoded picture once ready, the timer, and whether a real keyframe must come next. */
    private PlaceholderPicture placeholder;
    private boolean placeholderEncoding;
    private boolean placeholderRefused;
    private ScheduledFuture<?> placeholderTimer;
    private boolean awaitingKeyframe;
    private int placeholderCount;
    private List<byte[]> cameraParameterSets = List.of();
    private long placeholdersSent;
    /** Until then (a reader joined while shut), placeholders go out at {@link #PLACEHOLDER_BURST_FPS}, not 1 a second. */
    private long placeholderBurstUntilNanos = System.nanoTime();
    private long lastPlaceholderNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    private static final long PLACEHOLDER_BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(3000);
    private static final int PLACEHOLDER_BURST_FPS = 25;
    private final org.camgate.upstream.RepeatedFailures reconnects =
            new org.camgate.upstream.RepeatedFailures(java.time.Clock.systemDefaultZone(), Duration.ofMinutes(1));

    public CameraStream(String cameraId, EventLoop loop, UpstreamSource source, Gate gate, StreamSettings settings,
                        ByteBufAllocator alloc) {
        this.cameraId = cameraId;
        this.loop = loop;
        this.source = source;
        this.gate = gate;
        this.settings = settings;
        this.alloc = alloc;
        this.reconnectDelays = Backoff.exponential(settings.reconnectMin(), settings.reconnectMax()).retries();
        gate.listen(this::onGateChanged);
    }

    public String cameraId() {
        return cameraId;
    }

    /** The event loop this stream is confined to. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * The reader description once the camera is playing; fails with a {@link TimeoutException}
     * when the camera cannot be reached within the upstream timeout.
     */
    public CompletableFuture<StreamDescription> describe() {
        CompletableFuture<StreamDescription> result = new CompletableFuture<>();
        boolean queued = onLoop(() -> {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("gateway stopping"));
                return;
            }
            if (playing) {
                result.complete(description);
                armLingerIfIdle();
                return;
            }
            Waiter waiter = new Waiter(result);
            waiters.add(waiter);
            waiter.timeout = loop.schedule(() -> {
                waiters.remove(waiter);
                // The real cause when an attempt failed (connection refused, credentials refused...), not a timeout.
                result.completeExceptionally(new TimeoutException(lastFailure != null ? lastFailure
                        : "camera did not answer within " + settings.upstreamTimeout().toSeconds() + " s"));
                armLingerIfIdle();
            }, settings.upstreamTimeout().toMillis(), TimeUnit.MILLISECONDS);
            ensureUpstream();
        });
        if (!queued) {
            result.completeExceptionally(new IllegalStateException("gateway stopping"));
        }
        return result;
    }

    /** Declares a reader session that needs the upstream (from SETUP until the session ends). */
    public void acquire() {
        onLoop(() -> {
            demand++;
            cancelLinger();
            ensureUpstream();
        });
    }

    public void release() {
        onLoop(() -> {
            demand = Math.max(0, demand - 1);
            armLingerIfIdle();
        });
    }

    /**
     * Starts sending to {@code reader}: first the current group of pictures (so it starts at a
     * keyframe at once), then live frames. {@code started} runs on the stream loop after the
     * reader is attached, with the first sequence number each track will carry.
     */
    public void attach(StreamReader reader, java.util.function.Consumer<RtpStart[]> started) {
        onLoop(() -> {
            if (closed) {
                return;
            }
            List<Frame> replay = gop == null || !gate.isOpen() ? List.of() : gop.snapshot();
            if (!replay.isEmpty() && replay.stream().noneMatch(Frame::forwarded)) {
                // Nothing of this group went out yet (an opening without pre-roll): it goes out now, numbered in order.
                replay.forEach(f -> sequences[f.track()].stamp(f));
            } else if (!replay.isEmpty() && !replay.get(0).forwarded()) {
                // Only the end of this group went out (its start was not buffered): wait for the next keyframe.
                replay.forEach(Frame::release);
                replay = List.of();
            }
            RtpStart[] starts = new RtpStart[rewriters.length];
            for (Frame frame : replay) {
                if (starts[frame.track()] == null) {
                    ByteBuf first = frame.packet(0);
                    ByteBuf rtp = first.slice(first.readerIndex() + Frame.HEADER, first.readableBytes() - Frame.HEADER);
                    starts[frame.track()] = new RtpStart(Rtp.sequenceNumber(rtp), Rtp.timestamp(rtp));
                }
            }
            for (int i = 0; i < rewriters.length; i++) {
                // Without a cached GOP, a video reader starts at the next keyframe: its sequence number is unknown.
                if (starts[i] == null && rewriters[i].started() && !description.tracks().get(i).hasGop()) {
                    int next = sequences[i].nextSequenceNumber();
                    if (next >= 0) {
                        starts[i] = new RtpStart(next, rewriters[i].lastTimestamp());
                    } else if (gate.isOpen()) {
                        starts[i] = new RtpStart(rewriters[i].nextSequenceNumber(), rewriters[i].lastTimestamp());
                    }
                }
            }
            started.accept(starts);
            readers.add(reader);
            counted(reader);
            if (placeholder != null && !gate.isOpen()) {
                // A reader that joins while the gate is shut is probing the stream (FFmpeg wants ~20 pictures before
                // it starts): a short burst of placeholders lets it start now instead of after 20 s at 1 a second.
                placeholderBurstUntilNanos = System.nanoTime() + PLACEHOLDER_BURST_NANOS;
            }
            try {
                replay.forEach(reader::onFrame);
            } finally {
                replay.forEach(Frame::release);
            }
        });
    }

    public void detach(StreamReader reader) {
        onLoop(() -> {
            readers.remove(reader);
            counters.readers(readers.size());
        });
    }

    /** Readers, bytes out and frames dropped of this camera (metrics and status). */
    public StreamCounters counters() {
        return counters;
    }

    private void counted(StreamReader reader) {
        counters.readers(readers.size());
        if (reader instanceof BoundedReader bounded) {
            bounded.countInto(counters);
        }
    }

    /**
     * The RTP packets (copied, without interleaved headers) of the cached group of pictures' keyframe,
     * for snapshots; empty when no keyframe is cached (camera not playing yet).
     */
    public CompletableFuture<List<byte[]>> keyframePackets() {
        CompletableFuture<List<byte[]>> result = new CompletableFuture<>();
        boolean queued = onLoop(() -> {
            List<byte[]> packets = new ArrayList<>();
            List<Frame> frames = gop == null ? List.of() : gop.snapshot();
            try {
                for (Frame frame : frames) {
                    if (frame.keyframe()) {
                        for (ByteBuf packet : frame.packets()) {
                            byte[] rtp = new byte[packet.readableBytes() - Frame.HEADER];
                            packet.getBytes(packet.readerIndex() + Frame.HEADER, rtp);
                            packets.add(rtp);
                        }
                        break;
                    }
                }
            } finally {
                frames.forEach(Frame::release);
            }
            result.complete(packets);
        });
        if (!queued) {
            result.complete(List.of());
        }
        return result;
    }

    /** Ends the upstream session and forgets every reader; idempotent. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = onLoop(() -> {
            closed = true;
            readers.clear();
            counters.readers(0);
            waiters.forEach(w -> w.fail(new IllegalStateException("gateway stopping")));
            waiters.clear();
            cancelLinger();
            if (reconnectTimer != null) {
                reconnectTimer.cancel(false);
            }
            if (placeholderTimer != null) {
                placeholderTimer.cancel(false);
                placeholderTimer = null;
            }
            stopUpstream();
            done.complete(null);
        });
        if (!queued) {
            done.complete(null);
        }
        return done;
    }

    /** Runs on the stream's loop; after shutdown (the loop is gone) there is nothing left to do. */
    private boolean onLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException stopped) {
            log.debug("camera {}: stream already stopped", cameraId);
            return false;
        }
    }

    private void ensureUpstream() {
        if (closed || session != null || reconnectTimer != null && !reconnectTimer.isDone()) {
            return;
        }
        int sessionEpoch = ++epoch;
        log.info("camera {}: connecting", cameraId);
        session = source.open(loop, new Listener(sessionEpoch));
    }

    private void stopUpstream() {
        if (session != null) {
            UpstreamSource.UpstreamSession s = session;
            session = null;
            epoch++;
            s.close();
        }
        playing = false;
        resetMedia();
    }

    private void resetMedia() {
        for (FrameAssembler assembler : assemblers) {
            assembler.reset();
        }
        if (gop != null) {
            gop.clear();
        }
        if (preRoll != null) {
            preRoll.clear();
        }
    }

    private boolean needed() {
        return demand > 0 || !waiters.isEmpty();
    }

    private void armLingerIfIdle() {
        if (needed() || closed || lingerTimer != null) {
            return;
        }
        lingerTimer = loop.schedule(() -> {
            lingerTimer = null;
            if (!needed()) {
                log.info("camera {}: no readers, closing upstream", cameraId);
                if (reconnectTimer != null) {
                    reconnectTimer.cancel(false);
                    reconnectTimer = null;
                }
                stopUpstream();
            }
        }, settings.upstreamLinger().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelLinger() {
        if (lingerTimer != null) {
            lingerTimer.cancel(false);
            lingerTimer = null;
        }
    }

    private void onPlaying(StreamDescription next) {
        boolean sameTracks = description != null && description.tracks().equals(next.tracks());
        if (!sameTracks) {
            resetMedia();
            assemblers = new FrameAssembler[next.tracks().size()];
            TrackRewriter[] nextRewriters = new TrackRewriter[next.tracks().size()];
            for (TrackInfo track : next.tracks()) {
                assemblers[track.index()] = new FrameAssembler(track.index(), track.encoding(), track.video(),
                        settings.maxFrameBytes(), alloc);
                nextRewriters[track.index()] = track.index() < rewriters.length
                        ? rewriters[track.index()]
                        : new TrackRewriter(ThreadLocalRandom.current().nextLong() & 0xffffffffL, track.clockRate());
            }
            rewriters = nextRewriters;
            OutputSequence[] nextSequences = new OutputSequence[next.tracks().size()];
            for (int i = 0; i < nextSequences.length; i++) {
                nextSequences[i] = i < sequences.length ? sequences[i] : new OutputSequence();
            }
            sequences = nextSequences;
            int gopTrack = next.gopTrack();
            gop = gopTrack < 0 ? null : new GopCache(gopTrack, settings.gopCacheBytes());
            if (preRoll != null) {
                preRoll.clear();
            }
            preRoll = gate.preRollBytes() <= 0 ? null
                    : new PreRollBuffer(gopTrack, gate.preRoll().toNanos(), gate.preRollBytes());
        }
        description = next;
        playing = true;
        preparePlaceholder(next);
        for (FrameTap tap : taps) {
            tap.onDescription(next);
        }
        reconnectDelays.reset();
        lastFailure = null;
        String recovered = reconnects.succeeded();
        log.info("camera {}: playing {} track(s){}", cameraId, next.tracks().size(),
                recovered == null ? "" : " (" + recovered + ")");
        for (Waiter waiter : waiters) {
            waiter.complete(next);
        }
        waiters.clear();
        armLingerIfIdle();
    }

    private void onRtp(int sessionEpoch, int track, ByteBuf rtp) {
        if (sessionEpoch != epoch || !playing || track >= assemblers.length || !Rtp.isValid(rtp)) {
            rtp.release();
            return;
        }
        long now = System.nanoTime();
        try {
            // The packet is the gateway's own (a slice of what it read): rewrite in place, then copy once.
            rewriters[track].rewriteRtp(rtp, sessionEpoch, now);
            assemblers[track].add(rtp, now, this::fanOut);
        } finally {
            rtp.release();
        }
    }

    private void fanOut(Frame frame) {
        try {
            framesIn++;
            bitrate.add(frame.bytes(), System.nanoTime());
            if (placeholderWanted() && placeholder == null && frame.keyframe() && description != null
                    && frame.track() == description.gopTrack()) {
                encodePlaceholder(PlaceholderFrames.sps(frame));
            }
            if (gop != null) {
                gop.add(frame);
            }
            if (preRoll != null) {
                preRoll.add(frame);
            }
            for (FrameTap tap : taps) {
                tap.onFrame(frame);
            }
            if (gate.isOpen()) {
                forward(frame);
            }
        } finally {
            frame.release();
        }
    }

    private void forward(Frame frame) {
        if (awaitingKeyframe && description != null && frame.track() == description.gopTrack()) {
            // Readers' decoders hold the placeholder now: the camera's video resumes at a keyframe, with its own
            // parameter sets in front when it does not carry them in band.
            if (!frame.keyframe()) {
                return;
            }
            awaitingKeyframe = false;
            int clockRate = description.tracks().get(frame.track()).clockRate();
            sequences[frame.track()].continueAt(PlaceholderFrames.timestamp(frame), Math.max(1, clockRate / 30));
            if (!cameraParameterSets.isEmpty() && !PlaceholderFrames.hasSps(frame)) {
                Frame sets = PlaceholderFrames.frame(alloc, frame.track(), cameraParameterSets,
                        rewriters[frame.track()].payloadType(), rewriters[frame.track()].ssrc(),
                        PlaceholderFrames.timestamp(frame));
                try {
                    send(sets);
                } finally {
                    sets.release();
                }
            }
        }
        send(frame);
    }

    private void send(Frame frame) {
        sequences[frame.track()].stamp(frame);
        readerFanOut.send(frame, List.copyOf(readers));
    }

    /** On the loop: an opening gate first sends the pre-roll (from a keyframe), then live frames follow. */
    private void onGateChanged(boolean open, long atNanos) {
        if (!open || closed) {
            return;
        }
        for (StreamReader reader : readers) {
            reader.gateOpened();
        }
        if (preRoll == null) {
            return;
        }
        List<Frame> replay = preRoll.replay(atNanos);
        try {
            replay.forEach(this::forward);
        } finally {
            replay.forEach(Frame::release);
        }
    }

    /**
     * Adds a tap that sees every frame from the camera, gate open or not (motion analysis). Called on any thread;
     * the tap's {@link FrameTap#onFrame} runs on the stream's loop and must not block.
     */
    public void addTap(FrameTap tap) {
        onLoop(() -> {
            taps.add(tap);
            if (description != null) {
                tap.onDescription(description);
            }
        });
    }

    /** Removes a tap added by {@link #addTap}; it sees no frame after this runs on the stream's loop. */
    public void removeTap(FrameTap tap) {
        onLoop(() -> taps.remove(tap));
    }

    private void onRtcp(int sessionEpoch, int track, ByteBuf rtcp) {
        try {
            if (sessionEpoch != epoch || !playing || track >= rewriters.length || !Rtcp.isSenderReport(rtcp)) {
                return;
            }
            int length = Rtcp.firstPacketLength(rtcp);
            if (length <= 0 || length > rtcp.readableBytes()) {
                return;
            }
            ByteBuf report = alloc.buffer(Frame.HEADER + length);
            try {
                report.writeByte('$').writeByte(2 * track + 1).writeShort(length).writeBytes(rtcp, rtcp.readerIndex(), length);
                if (rewriters[track].rewriteSenderReport(report.slice(Frame.HEADER, length), sessionEpoch)) {
                    long shift = sequences[track].timestampOffset();
                    if (shift != 0) {
                        ByteBuf sr = report.slice(Frame.HEADER, length);
                        Rtcp.setRtpTimestamp(sr, (Rtcp.rtpTimestamp(sr) + shift) & 0xffffffffL);
                    }
                    for (StreamReader reader : List.copyOf(readers)) {
                        reader.onSenderReport(track, report);
                    }
                }
            } finally {
                report.release();
            }
        } finally {
            rtcp.release();
        }
    }

    private void onClosed(int sessionEpoch, String reason) {
        if (sessionEpoch != epoch) {
            return;
        }
        session = null;
        playing = false;
        resetMedia();
        lastFailure = reason;
        if (closed) {
            return;
        }
        if (!needed()) {
            log.info("camera {}: session ended ({})", cameraId, reason);
            return;
        }
        long delay = reconnectDelays.next().toMillis();
        String line = reconnects.failed(reason);
        if (line != null) {
            log.warn("camera {}: {}; reconnecting in {} ms", cameraId, line, delay);
        }
        reconnectTimer = loop.schedule(() -> {
            reconnectTimer = null;
            if (needed()) {
                ensureUpstream();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private boolean placeholderWanted() {
        return gate.whileShut() == org.camgate.config.WhileShut.PLACEHOLDER && !placeholderRefused;
    }

    /** On playing: H.264 cameras get their placeholder encoded (once); others are refused with a clear line. */
    private void preparePlaceholder(StreamDescription d) {
        if (!placeholderWanted() || placeholder != null || placeholderEncoding) {
            return;
        }
        int track = d.gopTrack();
        String encoding = track < 0 ? "none" : d.tracks().get(track).encoding();
        if (!"H264".equalsIgnoreCase(encoding)) {
            placeholderRefused = true;
            log.error("camera {}: gate.whileShut: placeholder needs an H.264 camera, this one sends {} video: its "
                    + "readers get nothing while the gate is shut (whileShut: silence)", cameraId, encoding);
            return;
        }
        cameraParameterSets = PlaceholderFrames.spropParameterSets(d.readerSdp());
        encodePlaceholder(cameraParameterSets);
    }

    /** Encodes the placeholder off the loop at the resolution the SPS among {@code nals} gives (none: wait). */
    private void encodePlaceholder(List<byte[]> nals) {
        if (placeholderEncoding) {
            return;
        }
        org.camgate.onvif.H264Sps sps = null;
        for (byte[] nal : nals) {
            if (nal.length > 0 && (nal[0] & 0x1f) == 7) {
                sps = org.camgate.onvif.H264Sps.parse(nal).orElse(null);
                if (sps != null) {
                    break;
                }
            }
        }
        if (sps == null || sps.width() <= 0 || sps.height() <= 0) {
            return;
        }
        placeholderEncoding = true;
        int w = sps.width() + sps.width() % 2;
        int h = sps.height() + sps.height() % 2;
        CompletableFuture.supplyAsync(() -> PlaceholderPicture.encode(w, h)).whenComplete((picture, error) -> onLoop(() -> {
            if (error != null) {
                placeholderRefused = true;
                log.error("camera {}: cannot encode the whileShut placeholder ({}x{}): {}; silent while shut instead",
                        cameraId, w, h, error.getMessage());
                return;
            }
            if (closed) {
                return;
            }
            placeholder = picture;
            log.info("camera {}: whileShut placeholder ready ({}x{} grey, H.264 by openh264, {} bytes)", cameraId, w, h,
                    picture.accessUnits().stream().mapToInt(au -> au.stream().mapToInt(n -> n.length).sum()).max().orElse(0));
            placeholderTimer = loop.scheduleAtFixedRate(this::placeholderTick, 0, 1000 / PLACEHOLDER_BURST_FPS,
                    TimeUnit.MILLISECONDS);
        }));
    }

    /**
     * While the gate is shut (or the camera's next keyframe is still awaited after an opening), readers get the grey
     * picture once a second (25 a second for 3 s after a reader joins), numbered on with the real stream and
     * timed so it never runs ahead of the pre-roll that follows when the gate opens. Runs on the loop.
     */
    private void placeholderTick() {
        if (closed || !playing || placeholder == null || description == null || (gate.isOpen() && !awaitingKeyframe)) {
            return;
        }
        long now = System.nanoTime();
        if (now - placeholderBurstUntilNanos >= 0 && now - lastPlaceholderNanos < TimeUnit.MILLISECONDS.toNanos(990)) {
            return;
        }
        lastPlaceholderNanos = now;
        int track = description.gopTrack();
        if (track < 0 || !rewriters[track].started() || rewriters[track].payloadType() < 0) {
            return;
        }
        // Real time on from the last packet readers got (the camera's timeline is joined again at the next keyframe).
        long last = sequences[track].lastTimestamp();
        long ts;
        if (last < 0) {
            ts = rewriters[track].lastTimestamp();
        } else {
            long elapsedMs = (System.nanoTime() - sequences[track].lastStampNanos()) / 1_000_000L;
            long ticks = Math.max(1, elapsedMs * description.tracks().get(track).clockRate() / 1000L);
            ts = (last + ticks) & 0xffffffffL;
        }
        List<byte[]> au = placeholder.accessUnits().get(placeholderCount++ % placeholder.accessUnits().size());
        Frame frame = PlaceholderFrames.frame(alloc, track, au, rewriters[track].payloadType(), rewriters[track].ssrc(), ts);
        try {
            send(frame);
            placeholdersSent++;

            awaitingKeyframe = true;
        } finally {
            frame.release();
        }
    }

    /** Placeholder pictures sent so far (tests). */
    public long placeholdersSent() {
        return placeholdersSent;
    }

    /** Bits per second received from the camera over about the last second; 0 when no frame came for 3 s. */
    public long bitsPerSecond() {
        return bitrate.bitsPerSecond(System.nanoTime());
    }

    /** Frames received from the camera so far (for status and tests). */
    public long framesIn() {
        return framesIn;
    }

    /** Sequence number and RTP timestamp of the first packet a new reader gets on a track. */
    public record RtpStart(int sequenceNumber, long rtpTimestamp) {
    }

    private final class Listener implements UpstreamListener {
        private final int sessionEpoch;

        Listener(int sessionEpoch) {
            this.sessionEpoch = sessionEpoch;
        }

        @Override
        public void onPlaying(StreamDescription d) {
            if (sessionEpoch == epoch) {
                CameraStream.this.onPlaying(d);
            }
        }

        @Override
        public void onRtp(int track, ByteBuf rtp) {
            CameraStream.this.onRtp(sessionEpoch, track, rtp);
        }

        @Override
        public void onRtcp(int track, ByteBuf rtcp) {
            CameraStream.this.onRtcp(sessionEpoch, track, rtcp);
        }

        @Override
        public void onClosed(String reason) {
            CameraStream.this.onClosed(sessionEpoch, reason);
        }
    }

    private static final class Waiter {
        private final CompletableFuture<StreamDescription> future;
        private ScheduledFuture<?> timeout;

        Waiter(CompletableFuture<StreamDescription> future) {
            this.future = future;
        }

        void complete(StreamDescription d) {
            timeout.cancel(false);
            future.complete(d);
        }

        void fail(Throwable t) {
            timeout.cancel(false);
            future.completeExceptionally(t);
        }
    }
}
