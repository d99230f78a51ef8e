package org.camgate.clip;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.camgate.stream.Frame;
import org.camgate.stream.FrameTap;
import org.camgate.stream.StreamDescription;

/**
 * One camera's clip taker, on the camera's event loop: keeps its own pre-roll (the camera's frames, retained, not
 * copied), and while a clip is being taken hands a heap copy of each video frame to the clip writer. A clip starts
 * when the gate opens for one of its triggers (from the pre-roll's keyframe at or before the opening minus the
 * pre-roll), ends when the gate closes (after its post-roll) and is cut at the maximum length. Never blocks, never
 * holds up the video to readers: a writer that cannot keep up loses the clip, not the frames of anyone else.
 */
final class ClipRecorder implements FrameTap {
    /** Where clips go; called on the loop, must not block. */
    interface Writer {
        /** A new clip; null when none can be started now. */
        Handle start(String camera, long firstFrameNanos, List<String> triggers, boolean h265, String sdp);
    }

    /** A clip being taken. */
    interface Handle {
        /** false when the clip was dropped (its writer could not keep up): stop sending. */
        boolean frame(ClipFrame frame);

        void finish();

        void abort(String reason);
    }

    private record Held(Frame frame, long rtpTime) {
    }

    private final String camera;
    private final long preRollNanos;
    private final long preRollBytes;
    private final long maxLengthNanos;
    private final List<String> triggers;
    private final Writer writer;
    private final ArrayDeque<Held> preRoll = new ArrayDeque<>();
    private long heldBytes;
    private int videoTrack = -1;
    private boolean h265;
    private String sdp;
    private Handle clip;
    private long clipStartNanos;
    private boolean waitingForKeyframe;
    private List<String> openTriggers = List.of();
    private boolean closed;

    ClipRecorder(String camera, Duration preRoll, long preRollBytes, Duration maxLength, List<String> triggers,
                 Writer writer) {
        this.camera = camera;
        this.preRollNanos = preRoll.toNanos();
        this.preRollBytes = preRollBytes > 0 ? preRollBytes : 64L << 20;
        this.maxLengthNanos = maxLength.toNanos();
        this.triggers = List.copyOf(triggers);
        this.writer = writer;
    }

    @Override
    public void onDescription(StreamDescription description) {
        int track = description.gopTrack();
        boolean nextH265 = track >= 0 && "H265".equalsIgnoreCase(description.tracks().get(track).encoding());
        if (clip != null && (track != videoTrack || nextH265 != h265)) {
            end(); // another stream: this clip ends here
        }
        videoTrack = track;
        h265 = nextH265;
        sdp = description.readerSdp();
        clearPreRoll();
    }

    @Override
    public void onFrame(Frame frame) {
        if (closed || frame.track() != videoTrack) {
            return;
        }
        long rtpTime = ClipFrame.rtpTime(frame);
        hold(frame, rtpTime);
        if (waitingForKeyframe && frame.keyframe()) {
            waitingForKeyframe = false;
            clip = writer.start(camera, frame.createdNanos(), openTriggers, h265, sdp);
            clipStartNanos = frame.createdNanos();
        }
        if (clip != null && !waitingForKeyframe) {
            send(ClipFrame.copy(frame, rtpTime));
            if (clip != null && frame.createdNanos() - clipStartNanos >= maxLengthNanos) {
                end(); // cut at maxLength; the next clip waits for the next opening
            }
        }
    }

    /** The gate opened (for these triggers) or closed; on the loop. */
    void gateChanged(boolean open, List<String> gateTriggers, long atNanos) {
        if (closed) {
            return;
        }
        if (!open) {
            waitingForKeyframe = false;
            end();
            return;
        }
        if (clip != null || waitingForKeyframe || videoTrack < 0
                || !triggers.isEmpty() && gateTriggers.stream().noneMatch(triggers::contains)) {
            return;
        }
        openTriggers = gateTriggers;
        List<Held> from = replay(atNanos);
        if (from.isEmpty()) {
            waitingForKeyframe = true; // nothing buffered yet: from the next keyframe
            return;
        }
        clip = writer.start(camera, from.get(0).frame().createdNanos(), gateTriggers, h265, sdp);
        clipStartNanos = from.get(0).frame().createdNanos();
        for (Held h : from) {
            if (clip == null) {
                break;
            }
            send(ClipFrame.copy(h.frame(), h.rtpTime()));
        }
    }

    private void send(ClipFrame frame) {
        if (!clip.frame(frame)) {
            clip = null;
        }
    }

    private void end() {
        if (clip != null) {
            clip.finish();
            clip = null;
        }
    }

    /** Stops: a clip being taken is finished, the pre-roll released. On the loop. */
    void close() {
        end();
        closed = true;
        clearPreRoll();
    }

    /** Whether a clip is being taken (tests, status). */
    boolean recording() {
        return clip != null;
    }

    private List<Held> replay(long openNanos) {
        long horizon = openNanos - preRollNanos;
        Held start = null;
        for (Held h : preRoll) {
            if (h.frame().keyframe() && (start == null || h.frame().createdNanos() <= horizon)) {
                start = h;
            }
        }
        List<Held> out = new ArrayList<>();
        boolean started = false;
        for (Held h : preRoll) {
            started |= h == start;
            if (started) {
                out.add(h);
            }
        }
        return out;
    }

    private void hold(Frame frame, long rtpTime) {
        if (preRoll.isEmpty() && !frame.keyframe()) {
            return;
        }
        preRoll.add(new Held(frame.retain(), rtpTime));
        heldBytes += frame.bytes();
        while (heldBytes > preRollBytes && dropOldestGroup()) {
            // the oldest group of pictures goes first
        }
        if (heldBytes > preRollBytes) {
            clearPreRoll();
            return;
        }
        long horizon = frame.createdNanos() - preRollNanos;
        Held second;
        while ((second = secondStart()) != null && second.frame().createdNanos() <= horizon) {
            dropOldestGroup();
        }
    }

    private Held secondStart() {
        Iterator<Held> it = preRoll.iterator();
        if (!it.hasNext()) {
            return null;
        }
        it.next();
        while (it.hasNext()) {
            Held h = it.next();
            if (h.frame().keyframe()) {
                return h;
            }
        }
        return null;
    }

    private boolean dropOldestGroup() {
        Held next = secondStart();
        if (next == null) {
            return false;
        }
        while (preRoll.peekFirst() != next) {
            Held h = preRoll.pollFirst();
            heldBytes -= h.frame().bytes();
            h.frame().release();
        }
        return true;
    }

    private void clearPreRoll() {
        preRoll.forEach(h -> h.frame().release());
        preRoll.clear();
        heldBytes = 0;
    }
}

