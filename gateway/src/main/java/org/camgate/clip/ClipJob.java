package org.camgate.clip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.camgate.motion.AccessUnits;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.video.KeyframeJpeg;

/**
 * One clip being written, on the clip writer's thread: frames go into an MP4 work file as they come (the first
 * must be a keyframe), and {@link #finish} moves the finished file into the store. Methods are synchronized so that
 * {@link #abort} may come from any thread (a full writer queue).
 */
final class ClipJob {
    /** Told of the outcome, on the writer's thread. */
    interface Outcome {
        void recorded(ClipMeta clip);

        void failed(String camera, String id, String reason);
    }

    private final String id;
    private final String camera;
    private final Instant start;
    private final List<String> triggers;
    private final boolean h265;
    private final String sdp;
    private final ClipStore store;
    private final long minFree;
    private final Outcome outcome;
    private Mp4Remuxer muxer;
    private Path work;
    private KeyframeJpeg snapshot;
    private long firstRtp;
    private long lastPts = -1;
    private int frames;
    private boolean done;

    ClipJob(String id, String camera, Instant start, List<String> triggers, boolean h265, String sdp, ClipStore store,
            long minFree, Outcome outcome) {
        this.id = id;
        this.camera = camera;
        this.start = start;
        this.triggers = List.copyOf(triggers);
        this.h265 = h265;
        this.sdp = sdp;
        this.store = store;
        this.minFree = minFree;
        this.outcome = outcome;
    }

    String id() {
        return id;
    }

    synchronized void frame(ClipFrame frame) {
        if (done) {
            return;
        }
        try {
            byte[] au = AccessUnits.annexB(frame.packets(), frame.data().length, h265);
            if (au.length == 0) {
                return; // a frame that lost a packet: left out (the player holds the last picture)
            }
            if (muxer == null) {
                open(frame, au);
            }
            long pts = (frame.rtpTime() - firstRtp) & 0xffffffffL;
            if (pts > 0x7fffffffL) {
                return; // earlier than the first frame
            }
            muxer.write(au, pts, frame.keyframe());
            lastPts = Math.max(lastPts, pts);
            frames++;
        } catch (IOException | RuntimeException e) {
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void open(ClipFrame first, byte[] au) throws IOException {
        if (!first.keyframe()) {
            throw new IOException("the clip does not start at a keyframe");
        }
        long usable = Files.getFileStore(store.dir()).getUsableSpace();
        if (usable < minFree) {
            throw new DiskFullException("disk full: " + usable / (1 << 20) + " MB free, clips need " + minFree / (1 << 20)
                    + " MB (clips.minFree)");
        }
        byte[] sets = ParameterSets.inBand(au, h265);
        boolean inBand = sets.length > 0;
        if (!inBand) {
            sets = ParameterSets.fromSdp(sdp, h265);
        }
        if (sets.length == 0) {
            throw new IOException("no parameter sets in the keyframe nor in the SDP");
        }
        byte[] decodable = au;
        if (!inBand) {
            decodable = new byte[sets.length + au.length];
            System.arraycopy(sets, 0, decodable, 0, sets.length);
            System.arraycopy(au, 0, decodable, sets.length, au.length);
        }
        snapshot = KeyframeJpeg.decode(decodable, h265 ? NalCodec.H265 : NalCodec.H264);
        firstRtp = first.rtpTime();
        work = store.workFile(id + ".mp4");
        muxer = new Mp4Remuxer(work, h265, snapshot.width(), snapshot.height(), sets);
    }

    /** Ends the clip: the MP4 is finished and committed to the store. */
    synchronized void finish() {
        if (done) {
            return;
        }
        if (muxer == null) {
            fail("no video was recorded");
            return;
        }
        try {
            muxer.finish();
            done = true;
            // The last frame lasts as long as the average frame before it.
            long frameTicks = frames > 1 ? lastPts / (frames - 1) : 3600;
            long micros = (lastPts + frameTicks) * 1000 / 90;
            Instant end = start.plusNanos(micros * 1000);
            ClipMeta meta = new ClipMeta(id, camera, start, end, Files.size(work), snapshot.jpeg().length,
                    h265 ? "H265" : "H264", snapshot.width(), snapshot.height(), triggers, null, null);
            outcome.recorded(store.commit(meta, work, snapshot.jpeg()));
        } catch (IOException | RuntimeException e) {
            done = false;
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Drops the clip (its work file is deleted). */
    synchronized void abort(String reason) {
        if (!done) {
            fail(reason);
        }
    }

    private void fail(String reason) {
        done = true;
        if (muxer != null) {
            muxer.close();
        }
        if (work != null) {
            try {
                Files.deleteIfExists(work);
            } catch (IOException ignored) {
                // removed at the next start
            }
        }
        outcome.failed(camera, id, reason);
    }

    /** Too little free space for a clip. */
    static final class DiskFullException extends IOException {
        DiskFullException(String message) {
            super(message);
        }
    }
}
