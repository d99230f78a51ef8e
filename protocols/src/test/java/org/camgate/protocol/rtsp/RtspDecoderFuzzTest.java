package org.camgate.protocol.rtsp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import org.camgate.testing.FuzzDeadline;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link RtspMessageDecoder} with arbitrary bytes from a peer. The contract: it emits only
 * requests, responses, interleaved frames and {@link RtspDecodeFailure}s, nothing after a fatal
 * failure, never throws, releases every buffer it was given (Netty leak detection is PARANOID, and
 * each written buffer must end with a reference count of zero), and decodes the same messages however
 * TCP splits the bytes. Messages it accepts survive re-encoding by {@link RtspMessageEncoder}, which
 * is how the gateway forwards them, unchanged.
 *
 * <p>Plain test runs replay {@code RtspDecoderFuzzTestInputs/decode/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
@ExtendWith(NettyLeakCheck.class)
class RtspDecoderFuzzTest {
    /** Bounds small enough for the fuzzer to reach every one of them. */
    private static final RtspLimits TINY = new RtspLimits(40, 80, 4, 24, 12);
    /** How the chunked runs split the input: an irregular cycle of read sizes. */
    private static final int[] CHUNKS = {1, 3, 7, 2, 11, 5, 17, 1, 1, 29};

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) throws Exception {
        FuzzDeadline.run(() -> check(input));
    }

    private static void check(byte[] input) {
        List<String> server = run(RtspLimits.SERVER, input, false, true);
        List<String> tinyWhole = run(TINY, input, false, false);
        List<String> tinyChunked = run(TINY, input, true, false);
        assertThat(server).isNotNull();
        sameUpToFirstFailure(tinyWhole, tinyChunked);
    }

    /** Decodes {@code input} on a fresh channel and returns a description of each message, in order. */
    private static List<String> run(RtspLimits limits, byte[] input, boolean chunked, boolean roundTrip) {
        EmbeddedChannel channel = new EmbeddedChannel(new RtspMessageDecoder(limits));
        List<ByteBuf> written = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try {
            int at = 0;
            for (int i = 0; at < input.length || i == 0; i++) {
                int n = chunked ? Math.min(CHUNKS[i % CHUNKS.length], input.length - at) : input.length;
                ByteBuf chunk = Unpooled.buffer(n);
                chunk.writeBytes(input, at, n);
                written.add(chunk);
                at += n;
                channel.writeInbound(chunk);
                drain(channel, seen, roundTrip);
            }
            channel.finish();
            drain(channel, seen, roundTrip);
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf b : written) {
            assertThat(b.refCnt()).as("reference count of a buffer given to the decoder").isZero();
        }
        return seen;
    }

    private static void drain(EmbeddedChannel channel, List<String> seen, boolean roundTrip) {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            try {
                boolean afterFatal = !seen.isEmpty() && seen.get(seen.size() - 1).startsWith("FATAL");
                assertThat(afterFatal).as("a message after a fatal failure: %s", msg).isFalse();
                String d = describe(msg);
                if (roundTrip && msg instanceof FullHttpMessage m) {
                    assertThat(reencoded(m)).as("re-encoded and decoded again").isEqualTo(d);
                }
                seen.add(d);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** What the gateway would send on after decoding {@code m}, decoded again. */
    private static String reencoded(FullHttpMessage m) {
        EmbeddedChannel encoder = new EmbeddedChannel(new RtspMessageEncoder());
        EmbeddedChannel decoder = new EmbeddedChannel(new RtspMessageDecoder(RtspLimits.CLIENT));
        try {
            encoder.writeOutbound(m.retainedDuplicate());
            ByteBuf bytes;
            while ((bytes = encoder.readOutbound()) != null) {
                decoder.writeInbound(bytes);
            }
            Object again = decoder.readInbound();
            try {
                assertThat(again).as("re-encoded %s", m).isNotNull();
                Object extra = decoder.readInbound();
                assertThat(extra).as("a second message after re-encoding").isNull();
                return describe(again);
            } finally {
                ReferenceCountUtil.release(again);
            }
        } finally {
            encoder.finishAndReleaseAll();
            decoder.finishAndReleaseAll();
        }
    }

    private static String describe(Object msg) {
        StringBuilder d = new StringBuilder();
        if (msg instanceof RtspDecodeFailure f) {
            return (f.fatal() ? "FATAL " : "FAIL ") + f.status().code() + " cseq=" + f.cseq();
        } else if (msg instanceof InterleavedFrame frame) {
            return "FRAME " + frame.channel() + " " + ByteBufUtil.hexDump(frame.content());
        } else if (msg instanceof FullHttpRequest request) {
            d.append("REQ ").append(request.method().name()).append(' ').append(request.uri());
        } else if (msg instanceof FullHttpResponse response) {
            d.append("RES ").append(response.status().code()).append(' ').append(response.status().reasonPhrase());
        } else {
            throw new AssertionError("unexpected message type " + msg.getClass().getName() + ": " + msg);
        }
        FullHttpMessage m = (FullHttpMessage) msg;
        for (Map.Entry<String, String> h : m.headers()) {
            // The encoder writes Content-Length from the body itself; white space around a value carries no
            // meaning (an empty folded line leaves a trailing space that re-encoding drops).
            if (!h.getKey().equalsIgnoreCase("Content-Length")) {
                d.append(" | ").append(h.getKey()).append(": ").append(h.getValue().trim());
            }
        }
        return d.append(" | body ").append(ByteBufUtil.hexDump(m.content())).toString();
    }

    /**
     * However TCP splits the bytes, the messages before the first failure are the same, and a failure in one
     * run is a failure in the other.
     */
    private static void sameUpToFirstFailure(List<String> whole, List<String> chunked) {
        int n = Math.min(firstFailure(whole), firstFailure(chunked));
        assertThat(chunked.subList(0, Math.min(n, chunked.size())))
                .as("messages decoded from chunks").isEqualTo(whole.subList(0, Math.min(n, whole.size())));
        if (n < whole.size() && n < chunked.size()) {
            assertThat(isFailure(chunked.get(n))).as("message %d: whole %s, chunked %s", n, whole.get(n), chunked.get(n))
                    .isEqualTo(isFailure(whole.get(n)));
        } else {
            // One run ended at n. The other may have refused an unfinished message there already (a request
            // line seen too long before its end), but it may not have decoded more messages.
            List<String> longer = whole.size() > chunked.size() ? whole : chunked;
            assertThat(longer.size() == n || isFailure(longer.get(n)))
                    .as("messages decoded from chunks: %s vs whole: %s", chunked, whole).isTrue();
        }
    }

    private static int firstFailure(List<String> seen) {
        for (int i = 0; i < seen.size(); i++) {
            if (isFailure(seen.get(i))) {
                return i;
            }
        }
        return seen.size();
    }

    private static boolean isFailure(String d) {
        return d.startsWith("FAIL") || d.startsWith("FATAL");
    }
}
