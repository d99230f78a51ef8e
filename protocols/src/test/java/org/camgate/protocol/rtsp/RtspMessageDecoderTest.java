package org.camgate.protocol.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RtspMessageDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new RtspMessageDecoder(RtspLimits.SERVER));
    private final List<Object> read = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        read.forEach(ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }

    private List<Object> feed(String text) {
        return feed(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private List<Object> feed(ByteBuf bytes) {
        channel.writeInbound(bytes);
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            out.add(msg);
            read.add(msg);
        }
        return out;
    }

    @Test
    void decodesRequestWithHeaders() {
        List<Object> out = feed("OPTIONS rtsp://h/cam RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: t\r\n\r\n");
        assertThat(out).hasSize(1);
        FullHttpRequest request = (FullHttpRequest) out.get(0);
        assertThat(request.method().name()).isEqualTo("OPTIONS");
        assertThat(request.uri()).isEqualTo("rtsp://h/cam");
        assertThat(request.headers().get("cseq")).isEqualTo("1");
    }

    @Test
    void decodesResponseWithBodySplitAcrossReads() {
        assertThat(feed("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 10\r\n\r\nv=0\r\n")).isEmpty();
        List<Object> out = feed("o=-\r\n");
        FullHttpResponse response = (FullHttpResponse) out.get(0);
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.content().toString(StandardCharsets.US_ASCII)).isEqualTo("v=0\r\no=-\r\n");
    }

    @Test
    void decodesInterleavedFramesBetweenMessages() {
        ByteBuf bytes = Unpooled.buffer();
        bytes.writeBytes(new byte[] {'$', 1, 0, 3, 7, 8, 9});
        bytes.writeCharSequence("GET_PARAMETER rtsp://h/cam RTSP/1.0\r\nCSeq: 3\r\n\r\n", StandardCharsets.US_ASCII);
        bytes.writeBytes(new byte[] {'$', 0, 0, 1});
        List<Object> out = feed(bytes);
        assertThat(out).hasSize(2);
        InterleavedFrame frame = (InterleavedFrame) out.get(0);
        assertThat(frame.channel()).isEqualTo(1);
        assertThat(frame.content().readableBytes()).isEqualTo(3);
        assertThat(out.get(1)).isInstanceOf(FullHttpRequest.class);
        List<Object> last = feed(Unpooled.wrappedBuffer(new byte[] {42}));
        assertThat(((InterleavedFrame) last.get(0)).content().getByte(0)).isEqualTo((byte) 42);
    }

    @Test
    void garbageRequestLineIsNonFatalAndNextRequestDecodes() {
        List<Object> out = feed("GARBAGE\r\nCSeq: 5\r\n\r\nOPTIONS * RTSP/1.0\r\nCSeq: 6\r\n\r\n");
        assertThat(out).hasSize(2);
        RtspDecodeFailure failure = (RtspDecodeFailure) out.get(0);
        assertThat(failure.status().code()).isEqualTo(400);
        assertThat(failure.cseq()).isEqualTo("5");
        assertThat(failure.fatal()).isFalse();
        assertThat(((FullHttpRequest) out.get(1)).headers().get("CSeq")).isEqualTo("6");
    }

    @Test
    void wrongVersionIs505() {
        RtspDecodeFailure failure = (RtspDecodeFailure) feed("OPTIONS * HTTP/1.1\r\nCSeq: 1\r\n\r\n").get(0);
        assertThat(failure.status().code()).isEqualTo(505);
        assertThat(failure.fatal()).isFalse();
    }

    @Test
    void tooManyHeadersIs431ButConnectionSurvives() {
        StringBuilder request = new StringBuilder("OPTIONS * RTSP/1.0\r\nCSeq: 9\r\n");
        for (int i = 0; i < 300; i++) {
            request.append("X").append(i).append(": y\r\n");
        }
        request.append("\r\n");
        List<Object> out = feed(request.toString());
        RtspDecodeFailure failure = (RtspDecodeFailure) out.get(0);
        assertThat(failure.status().code()).isEqualTo(431);
        assertThat(failure.fatal()).isFalse();
        assertThat(feed("OPTIONS * RTSP/1.0\r\nCSeq: 10\r\n\r\n")).hasSize(1);
    }

    @Test
    void endlessHeadersAreFatal() {
        StringBuilder request = new StringBuilder("OPTIONS * RTSP/1.0\r\n");
        while (request.length() < 20_000) {
            request.append("X-Long: ").append("a".repeat(100)).append("\r\n");
        }
        RtspDecodeFailure failure = (RtspDecodeFailure) feed(request.toString()).get(0);
        assertThat(failure.status().code()).isEqualTo(431);
        assertThat(failure.fatal()).isTrue();
        assertThat(feed("OPTIONS * RTSP/1.0\r\nCSeq: 10\r\n\r\n")).isEmpty();
    }

    @Test
    void overlongRequestLineWithoutEndIsFatal() {
        RtspDecodeFailure failure = (RtspDecodeFailure) feed("DESCRIBE rtsp://h/" + "a".repeat(5000)).get(0);
        assertThat(failure.status().code()).isEqualTo(414);
        assertThat(failure.fatal()).isTrue();
    }

    @Test
    void oversizedInterleavedFrameIsFatal() {
        RtspDecodeFailure failure = (RtspDecodeFailure) feed(Unpooled.wrappedBuffer(new byte[] {'$', 0, (byte) 0xff, (byte) 0xff})).get(0);
        assertThat(failure.fatal()).isTrue();
    }

    @Test
    void oversizedAndInvalidContentLengthAreFatal() {
        RtspDecodeFailure big = (RtspDecodeFailure) feed("SET_PARAMETER * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 999999\r\n\r\n").get(0);
        assertThat(big.status().code()).isEqualTo(413);
        assertThat(big.fatal()).isTrue();
    }

    @Test
    void invalidContentLengthIsFatal() {
        RtspDecodeFailure bad = (RtspDecodeFailure) feed("SET_PARAMETER * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: -4\r\n\r\n").get(0);
        assertThat(bad.status().code()).isEqualTo(400);
        assertThat(bad.fatal()).isTrue();
    }

    @Test
    void badHeaderWithBodyIsSkippedAndDecodingContinues() {
        List<Object> out = feed("SET_PARAMETER * RTSP/1.0\r\nCSeq: 1\r\nBad Header\r\nContent-Length: 4\r\n\r\nabcd"
                + "OPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n");
        assertThat(out).hasSize(2);
        assertThat(((RtspDecodeFailure) out.get(0)).cseq()).isEqualTo("1");
        assertThat(out.get(1)).isInstanceOf(FullHttpRequest.class);
    }

    @Test
    void reportsAgeOfPartialMessage() {
        RtspMessageDecoder decoder = channel.pipeline().get(RtspMessageDecoder.class);
        assertThat(decoder.partialMessageAgeNanos(System.nanoTime())).isZero();
        feed("OPTIONS * RTSP/1.0\r\nCSe");
        assertThat(decoder.partialMessageAgeNanos(System.nanoTime() + 1_000_000_000L)).isGreaterThan(0);
        feed("q: 1\r\n\r\n");
        assertThat(decoder.partialMessageAgeNanos(System.nanoTime())).isZero();
    }
}
