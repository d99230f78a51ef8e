package org.camgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.camgate.protocol.rtp.Rtcp;
import org.camgate.protocol.rtp.Rtp;
import org.camgate.testing.NettyLeakCheck;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.testing.RtpPackets.rtp;

@ExtendWith(NettyLeakCheck.class)
class TrackRewriterTest {
    private static final long GATEWAY_SSRC = 0xa1b2c3d4L;
    private static final long CAMERA_SSRC = 0x01020304L;
    private static final long MS = 1_000_000L;

    private final TrackRewriter rewriter = new TrackRewriter(GATEWAY_SSRC, 90_000);
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        buffers.forEach(ByteBuf::release);
    }

    private ByteBuf rewrite(int seq, long ts, int epoch, long nanos) {
        ByteBuf p = rtp().seq(seq).ts(ts).ssrc(CAMERA_SSRC).payload(0x41, 1, 2).build();
        buffers.add(p);
        rewriter.rewriteRtp(p, epoch, nanos);
        return p;
    }

    private ByteBuf senderReport(long rtpTimestamp) {
        ByteBuf sr = RtpPackets.senderReport(CAMERA_SSRC, 0x0102030405060708L, rtpTimestamp, 10, 1000);
        buffers.add(sr);
        return sr;
    }

    @Test
    void firstSessionKeepsNumbersAndReplacesSsrc() {
        assertThat(rewriter.started()).isFalse();

        ByteBuf p = rewrite(1000, 123_456, 1, 0);

        assertThat(Rtp.ssrc(p)).isEqualTo(GATEWAY_SSRC);
        assertThat(Rtp.sequenceNumber(p)).isEqualTo(1000);
        assertThat(Rtp.timestamp(p)).isEqualTo(123_456);
        assertThat(Rtp.payloadLength(p)).isEqualTo(3);
        assertThat(p.getByte(12)).isEqualTo((byte) 0x41);
        assertThat(rewriter.started()).isTrue();
        assertThat(rewriter.nextSequenceNumber()).isEqualTo(1001);
        assertThat(rewriter.lastTimestamp()).isEqualTo(123_456);
    }

    @Test
    void sequenceAndTimestampContinueAcrossANewSession() {
        rewrite(500, 1_000_000, 1, 0);
        rewrite(501, 1_003_000, 1, 33 * MS);

        // the camera restarts with new random numbers, one second later
        ByteBuf first = rewrite(7, 42, 2, 1033 * MS);
        assertThat(Rtp.sequenceNumber(first)).isEqualTo(502);
        assertThat(Rtp.timestamp(first)).isEqualTo(1_003_000 + 90_000);
        assertThat(Rtp.ssrc(first)).isEqualTo(GATEWAY_SSRC);

        ByteBuf second = rewrite(8, 42 + 3000, 2, 1066 * MS);
        assertThat(Rtp.sequenceNumber(second)).isEqualTo(503);
        assertThat(Rtp.timestamp(second)).isEqualTo(1_003_000 + 90_000 + 3000);
        assertThat(rewriter.nextSequenceNumber()).isEqualTo(504);
    }

    @Test
    void continuityWrapsAroundSixteenAndThirtyTwoBits() {
        rewrite(0xffff, 0xffffff00L, 1, 0);

        ByteBuf next = rewrite(30_000, 5, 2, 10 * MS); // 10 ms = 900 ticks
        assertThat(Rtp.sequenceNumber(next)).isZero();
        assertThat(Rtp.timestamp(next)).isEqualTo((0xffffff00L + 900) & 0xffffffffL);
        assertThat(rewriter.nextSequenceNumber()).isEqualTo(1);
    }

    @Test
    void timestampAdvancesAtLeastOneTickOnAnImmediateReconnect() {
        rewrite(10, 5000, 1, 100 * MS);
        ByteBuf next = rewrite(99, 77, 2, 100 * MS);
        assertThat(Rtp.sequenceNumber(next)).isEqualTo(11);
        assertThat(Rtp.timestamp(next)).isEqualTo(5001);
    }

    @Test
    void sequenceNumbersWrapWithinASession() {
        rewrite(0xfffe, 0, 1, 0);
        assertThat(Rtp.sequenceNumber(rewrite(0xffff, 0, 1, 0))).isEqualTo(0xffff);
        assertThat(Rtp.sequenceNumber(rewrite(0, 0, 1, 0))).isZero();
        assertThat(rewriter.nextSequenceNumber()).isEqualTo(1);
    }

    @Test
    void senderReportOfTheCurrentSessionIsRewritten() {
        rewrite(500, 1_000_000, 1, 0);
        rewrite(7, 42, 2, 1000 * MS); // offset = 1_000_000 + 90_000 - 42

        ByteBuf sr = senderReport(42 + 9000);
        assertThat(rewriter.rewriteSenderReport(sr, 2)).isTrue();

        assertThat(Rtcp.ssrc(sr)).isEqualTo(GATEWAY_SSRC);
        assertThat(Rtcp.rtpTimestamp(sr)).isEqualTo(1_000_000 + 90_000 + 9000);
        assertThat(Rtcp.ntpTimestamp(sr)).isEqualTo(0x0102030405060708L);
        assertThat(Rtcp.packetCount(sr)).isEqualTo(10);
        assertThat(Rtcp.octetCount(sr)).isEqualTo(1000);
    }

    @Test
    void senderReportOfAnOlderSessionIsLeftAlone() {
        rewrite(500, 1_000_000, 1, 0);
        rewrite(7, 42, 2, 1000 * MS);
        ByteBuf sr = senderReport(1_000_100);
        byte[] before = ByteBufUtil.getBytes(sr);

        assertThat(rewriter.rewriteSenderReport(sr, 1)).isFalse();
        assertThat(ByteBufUtil.getBytes(sr)).isEqualTo(before);
    }

    @Test
    void senderReportBeforeAnyRtpIsNotRewritten() {
        ByteBuf sr = senderReport(5);
        assertThat(rewriter.rewriteSenderReport(sr, 1)).isFalse();
        assertThat(Rtcp.ssrc(sr)).isEqualTo(CAMERA_SSRC);
    }
}
