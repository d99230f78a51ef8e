package org.camgate.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.camgate.stream.Frame;
import org.camgate.stream.TestFrames;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCP write path through a real channel pipeline: writes, flushes and bytes on the wire per frame. */
@ExtendWith(NettyLeakCheck.class)
class TcpReaderTest {
    private static final long STALL = TimeUnit.SECONDS.toNanos(10);

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();

    @AfterEach
    void everythingReleased() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        frames.forEach(Frame::release);
        assertThat(frames).allSatisfy(f -> assertThat(f.refCnt()).isZero());
    }

    /** Counts the writes and flushes that reach the socket end of the pipeline. */
    private static final class Counter extends ChannelOutboundHandlerAdapter {
        int writes;
        int flushes;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            writes++;
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    private EmbeddedChannel channel(Counter counter, int low, int high) {
        EmbeddedChannel ch = new EmbeddedChannel(counter);
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(low, high));
        channels.add(ch);
        return ch;
    }

    private static byte[] rtp(int seq, int payloadBytes) {
        byte[] p = new byte[12 + payloadBytes];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (seq + i);
        }
        return p;
    }

    private Frame frame(boolean keyframe, byte[]... packets) {
        List<ByteBuf> rtp = new ArrayList<>();
        for (byte[] p : packets) {
            rtp.add(Unpooled.wrappedBuffer(p));
        }
        Frame frame = TestFrames.of(0, keyframe, rtp, System.nanoTime(), PooledByteBufAllocator.DEFAULT);
        frames.add(frame);
        return frame;
    }

    /** What a reader on interleaved channel {@code channelNumber} must receive for these packets. */
    private static byte[] interleaved(int channelNumber, byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            out.write('$');
            out.write(channelNumber);
            out.write(p.length >> 8);
            out.write(p.length & 0xff);
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Every byte written to the channel so far, in order; each message read is released. */
    private static byte[] wire(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = ch.readOutbound()) != null; ) {
            try {
                out.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aFrameOfManyPacketsIsOneWriteAndOneFlush() {
        Counter counter = new Counter();
        EmbeddedChannel ch = channel(counter, 32 * 1024, 64 * 1024);
        TcpReader reader = new TcpReader(ch, new int[] {0}, new int[] {1}, 64 * 1024, STALL);
        byte[] a = rtp(1, 1400);
        byte[] b = rtp(2, 1400);
        byte[] c = rtp(3, 300);

        reader.onFrame(frame(true, a, b, c));

        assertThat(counter.writes).isEqualTo(1);
        assertThat(counter.flushes).isEqualTo(1);
        assertThat(ch.outboundMessages()).hasSize(1);
        assertThat(wire(ch)).isEqualTo(interleaved(0, a, b, c));
        assertThat(reader.bytesSent()).isEqualTo(3 * 4 + a.length + b.length + c.length);
    }

    @Test
    void aReaderOnOtherInterleavedChannelsGetsItsOwnHeadersStillInOneWrite() {
        Counter counter = new Counter();
        EmbeddedChannel ch = channel(counter, 32 * 1024, 64 * 1024);
        TcpReader reader = new TcpReader(ch, new int[] {6}, new int[] {7}, 64 * 1024, STALL);
        byte[] a = rtp(10, 1000);
        byte[] b = rtp(11, 20);

        reader.onFrame(frame(true, a, b));

        assertThat(counter.writes).isEqualTo(1);
        assertThat(counter.flushes).isEqualTo(1);
        assertThat(wire(ch)).isEqualTo(interleaved(6, a, b));
    }

    @Test
    void oneSharedFrameReachesEveryReaderWhole() {
        byte[] a = rtp(20, 500);
        byte[] b = rtp(21, 700);
        Frame frame = frame(true, a, b);
        int readerIndex = frame.data().readerIndex();
        List<EmbeddedChannel> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EmbeddedChannel ch = channel(new Counter(), 32 * 1024, 64 * 1024);
            readers.add(ch);
            new TcpReader(ch, new int[] {0}, new int[] {1}, 64 * 1024, STALL).onFrame(frame);
        }

        for (EmbeddedChannel ch : readers) {
            assertThat(wire(ch)).isEqualTo(interleaved(0, a, b));
        }
        assertThat(frame.data().readerIndex()).as("the shared buffer is not consumed").isEqualTo(readerIndex);
        assertThat(frame.refCnt()).as("only the test's reference is left").isEqualTo(1);
    }

    @Test
    void senderReportIsOneWriteOnTheReadersRtcpChannel() {
        Counter counter = new Counter();
        EmbeddedChannel ch = channel(counter, 32 * 1024, 64 * 1024);
        TcpReader reader = new TcpReader(ch, new int[] {0}, new int[] {1}, 64 * 1024, STALL);
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        ByteBuf report = Unpooled.buffer().writeByte('$').writeByte(1).writeShort(sr.length).writeBytes(sr);

        reader.onSenderReport(0, report);
        report.release();

        assertThat(counter.writes).isEqualTo(1);
        assertThat(counter.flushes).isEqualTo(1);
        assertThat(wire(ch)).isEqualTo(interleaved(1, sr));
    }

    @Test
    void backlogIsReadFromTheWaterMarkAndAFullChannelLosesWholeFramesUntilAKeyframe() {
        EmbeddedChannel ch = channel(new Counter(), 2000, 4000);
        TcpReader reader = new TcpReader(ch, new int[] {0}, new int[] {1}, 4000, STALL);
        assertThat(reader.pendingBytes()).isZero();

        // Bytes the socket has not taken yet (written, not flushed) count, Netty's per-message overhead included.
        ch.write(Unpooled.buffer().writeZero(1000));
        assertThat(reader.pendingBytes()).isBetween(1000L, 1200L);
        byte[] key = rtp(30, 1000);
        reader.onFrame(frame(true, key));
        assertThat(reader.framesDropped()).isZero();
        assertThat(wire(ch)).hasSize(1000 + 4 + key.length);

        // Past the high water mark the channel is full until it drains below the low one.
        ch.write(Unpooled.buffer().writeZero(4001));
        assertThat(ch.isWritable()).isFalse();
        assertThat(reader.pendingBytes()).isGreaterThanOrEqualTo(4000);
        reader.onFrame(frame(false, rtp(31, 10)));
        assertThat(reader.framesDropped()).isEqualTo(1);

        ch.flush();
        assertThat(wire(ch)).hasSize(4001);
        assertThat(reader.pendingBytes()).isZero();
        reader.onFrame(frame(false, rtp(32, 10)));
        assertThat(reader.framesDropped()).as("no delta frame before the next keyframe").isEqualTo(2);
        byte[] key2 = rtp(33, 100);
        byte[] p = rtp(34, 50);
        reader.onFrame(frame(true, key2));
        reader.onFrame(frame(false, p));
        assertThat(wire(ch)).isEqualTo(interleaved(0, key2, p));
        assertThat(reader.framesDropped()).isEqualTo(2);
    }

    @Test
    void nothingIsWrittenToAClosedChannel() {
        Counter counter = new Counter();
        EmbeddedChannel ch = channel(counter, 32 * 1024, 64 * 1024);
        TcpReader reader = new TcpReader(ch, new int[] {0}, new int[] {1}, 64 * 1024, STALL);
        ch.close();
        Frame frame = frame(true, rtp(40, 100));

        reader.onFrame(frame);

        assertThat(counter.writes).isZero();
        assertThat(frame.refCnt()).isEqualTo(1);
    }
}
