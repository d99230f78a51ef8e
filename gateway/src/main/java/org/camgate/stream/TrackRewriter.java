package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import org.camgate.protocol.rtp.Rtcp;
import org.camgate.protocol.rtp.Rtp;

/**
 * Rewrites one track's RTP and RTCP headers in place so readers see a single continuous stream:
 * the gateway's own SSRC (the camera's is never shown), and sequence numbers and timestamps that
 * carry on across camera reconnects instead of jumping back. Runs once per packet at ingest,
 * before fan-out, on buffers the gateway owns.
 */
final class TrackRewriter {
    private final long ssrc;
    private final int clockRate;
    private int epoch = -1;
    private int seqOffset;
    private long tsOffset;
    private boolean started;
    private int lastSeq;
    private long lastTs;
    private long lastNanos;
    private int payloadType = -1;

    TrackRewriter(long ssrc, int clockRate) {
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    /** Rewrites an RTP packet received in upstream session {@code sessionEpoch}. */
    void rewriteRtp(ByteBuf rtp, int sessionEpoch, long nowNanos) {
        int seq = Rtp.sequenceNumber(rtp);
        long ts = Rtp.timestamp(rtp);
        if (sessionEpoch != epoch) {
            epoch = sessionEpoch;
            if (started) {
                long elapsedTicks = Math.max(1, (nowNanos - lastNanos) / 1_000_000L * clockRate / 1000L);
                seqOffset = (lastSeq + 1 - seq) & 0xffff;
                tsOffset = (lastTs + elapsedTicks - ts) & 0xffffffffL;
            }
        }
        lastSeq = (seq + seqOffset) & 0xffff;
        lastTs = (ts + tsOffset) & 0xffffffffL;
        lastNanos = nowNanos;
        started = true;
        Rtp.setSequenceNumber(rtp, lastSeq);
        Rtp.setTimestamp(rtp, lastTs);
        Rtp.setSsrc(rtp, ssrc);
        payloadType = Rtp.payloadType(rtp);
    }

    /** The gateway's SSRC for this track. */
    long ssrc() {
        return ssrc;
    }

    /** The payload type of the last packet, or -1 before the first. */
    int payloadType() {
        return payloadType;
    }

    /** Rewrites a sender report of the current session; false if it belongs to an older one. */
    boolean rewriteSenderReport(ByteBuf sr, int sessionEpoch) {
        if (sessionEpoch != epoch) {
            return false;
        }
        Rtcp.setSsrc(sr, ssrc);
        Rtcp.setRtpTimestamp(sr, (Rtcp.rtpTimestamp(sr) + tsOffset) & 0xffffffffL);
        return true;
    }

    /** The next sequence number readers will see, for RTP-Info. */
    int nextSequenceNumber() {
        return (lastSeq + 1) & 0xffff;
    }

    long lastTimestamp() {
        return lastTs;
    }

    boolean started() {
        return started;
    }
}
