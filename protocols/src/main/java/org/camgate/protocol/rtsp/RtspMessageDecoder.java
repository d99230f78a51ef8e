package org.camgate.protocol.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes one RTSP byte stream into {@link io.netty.handler.codec.http.FullHttpRequest requests},
 * {@link io.netty.handler.codec.http.FullHttpResponse responses} and {@link InterleavedFrame
 * interleaved frames}, in the order they arrive. Netty's own RTSP codec knows nothing of
 * {@code $} frames and cannot recover from a bad message, so both sides of camgate use this one.
 *
 * <p>Every size is bounded by {@link RtspLimits}. A malformed message whose end can still be
 * found (a bad request line, a bad header, too many headers) yields a non-fatal
 * {@link RtspDecodeFailure} and decoding goes on with the next message; one whose end cannot
 * be found (no end of headers within the limit, a bad Content-Length, an oversized frame) yields
 * a fatal failure, after which all input is discarded and the connection should be closed.
 */
public final class RtspMessageDecoder extends ByteToMessageDecoder {
    private static final int MAX_METHOD_LENGTH = 32;

    private final RtspLimits limits;
    private boolean broken;
    private long partialSince = -1;

    /** Headers already consumed; waiting for {@link #pendingBodyLength} bytes of body. */
    private FullHttpMessage pendingHead;
    private int pendingBodyLength;

    public RtspMessageDecoder(RtspLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    /**
     * How long the bytes of an incomplete message have been waiting, so a connection that
     * trickles a request can be closed; zero when no message is in progress.
     */
    public long partialMessageAgeNanos(long nowNanos) {
        return partialSince < 0 ? 0 : nowNanos - partialSince;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (bodyToSkip > 0) {
            skipBody(in, bodyToSkip);
            return;
        }
        if (pendingHead != null) {
            decodeBody(in, out);
            return;
        }
        skipLineBreaks(in);
        if (!in.isReadable()) {
            partialSince = -1;
            return;
        }
        if (partialSince < 0) {
            partialSince = System.nanoTime();
        }
        if (in.getByte(in.readerIndex()) == '$') {
            decodeFrame(in, out);
        } else {
            decodeText(in, out);
        }
    }

    private static void skipLineBreaks(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b != '\r' && b != '\n') {
                return;
            }
            in.skipBytes(1);
        }
    }

    private void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        int channel = in.getUnsignedByte(start + 1);
        int length = in.getUnsignedShort(start + 2);
        if (length > limits.maxFrameLength()) {
            fail(in, out, new RtspDecodeFailure(RtspResponseStatuses.BAD_REQUEST,
                    "interleaved frame of " + length + " bytes (limit " + limits.maxFrameLength() + ")", null, true));
            return;
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
        partialSince = -1;
    }

    private void decodeText(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int limit = limits.maxInitialLine() + limits.maxHeaderBytes() + 4;
        int scanEnd = start + Math.min(in.readableBytes(), limit);
        int end = findEndOfHead(in, start, scanEnd);
        if (end < 0) {
            if (in.readableBytes() >= limit) {
                fail(in, out, new RtspDecodeFailure(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "no end of headers within " + limit + " bytes", null, true));
            } else {
                int firstLineEnd = in.indexOf(start, scanEnd, (byte) '\n');
                // + 1: a line of the maximum length may have its CR here and its LF still to come.
                if (firstLineEnd < 0 && in.readableBytes() > limits.maxInitialLine() + 1) {
                    fail(in, out, new RtspDecodeFailure(RtspResponseStatuses.REQUEST_URI_TOO_LONG,
                            "request line longer than " + limits.maxInitialLine() + " bytes", null, true));
                }
            }
            return;
        }
        String head = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
        in.readerIndex(end);
        HeadParser parser = new HeadParser(head, limits);
        Object parsed = parser.parse();
        if (parsed instanceof RtspDecodeFailure failure) {
            // The head is consumed; skip a body we can measure, otherwise we cannot resync.
            int bodyLength = parser.contentLength();
            if (bodyLength < 0 || bodyLength > limits.maxContentLength()) {
                fail(in, out, new RtspDecodeFailure(failure.status(), failure.reason(), failure.cseq(), true));
                return;
            }
            out.add(failure);
            pendingHead = null;
            skipBody(in, bodyLength);
            return;
        }
        FullHttpMessage message = (FullHttpMessage) parsed;
        int bodyLength = parser.contentLength();
        if (bodyLength < 0) {
            message.release();
            fail(in, out, new RtspDecodeFailure(RtspResponseStatuses.BAD_REQUEST,
                    "invalid Content-Length", parser.cseq(), true));
            return;
        }
        if (bodyLength > limits.maxContentLength()) {
            message.release();
            fail(in, out, new RtspDecodeFailure(RtspResponseStatuses.REQUEST_ENTITY_TOO_LARGE,
                    "body of " + bodyLength + " bytes (limit " + limits.maxContentLength() + ")", parser.cseq(), true));
            return;
        }
        pendingHead = message;
        pendingBodyLength = bodyLength;
        decodeBody(in, out);
    }

    /** Bodies of failed messages are skipped as they arrive; this counts what is left. */
    private int bodyToSkip;

    private void skipBody(ByteBuf in, int length) {
        bodyToSkip = length;
        int n = Math.min(bodyToSkip, in.readableBytes());
        in.skipBytes(n);
        bodyToSkip -= n;
        if (bodyToSkip == 0) {
            partialSince = -1;
        }
    }

    private void decodeBody(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < pendingBodyLength) {
            return;
        }
        FullHttpMessage head = pendingHead;
        pendingHead = null;
        if (pendingBodyLength > 0) {
            head = head.replace(in.readRetainedSlice(pendingBodyLength));
        }
        out.add(head);
        partialSince = -1;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (pendingHead != null) {
            pendingHead.release();
            pendingHead = null;
        }
    }

    private void fail(ByteBuf in, List<Object> out, RtspDecodeFailure failure) {
        broken = true;
        in.skipBytes(in.readableBytes());
        out.add(failure);
    }

    /** Index just past the empty line that ends the head, or -1. */
    private static int findEndOfHead(ByteBuf in, int from, int to) {
        int lineStart = from;
        while (lineStart < to) {
            int nl = in.indexOf(lineStart, to, (byte) '\n');
            if (nl < 0) {
                return -1;
            }
            int lineLength = nl - lineStart;
            if (lineLength == 0 || (lineLength == 1 && in.getByte(lineStart) == '\r')) {
                return lineStart == from ? -1 : nl + 1;
            }
            lineStart = nl + 1;
        }
        return -1;
    }

    /** Parses the text of one message head; never throws. */
    private static final class HeadParser {
        private final String head;
        private final RtspLimits limits;
        private String cseq;
        private int contentLength;

        HeadParser(String head, RtspLimits limits) {
            this.head = head;
            this.limits = limits;
        }

        String cseq() {
            return cseq;
        }

        /** The body length, 0 when absent, -1 when the header is unusable. */
        int contentLength() {
            return contentLength;
        }

        Object parse() {
            String[] lines = head.split("\r?\n");
            HttpHeaders headers = new DefaultHttpHeaders(true);
            RtspDecodeFailure headerFailure = parseHeaders(lines, headers);
            if (headerFailure != null) {
                return headerFailure;
            }
            String first = lines[0];
            if (first.length() > limits.maxInitialLine()) {
                return failure(RtspResponseStatuses.REQUEST_URI_TOO_LONG,
                        "request line longer than " + limits.maxInitialLine() + " bytes");
            }
            return first.startsWith("RTSP/") ? parseStatusLine(first, headers) : parseRequestLine(first, headers);
        }

        private RtspDecodeFailure parseHeaders(String[] lines, HttpHeaders headers) {
            if (lines.length - 1 > limits.maxHeaders()) {
                scanSpecialHeaders(lines);
                return failure(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        (lines.length - 1) + " header lines (limit " + limits.maxHeaders() + ")");
            }
            int headerBytes = 0;
            String lastName = null;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                headerBytes += line.length() + 2;
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                    String joined = headers.get(lastName) + " " + line.trim();
                    try {
                        headers.set(lastName, joined);
                    } catch (IllegalArgumentException e) {
                        scanSpecialHeaders(lines);
                        return failure(RtspResponseStatuses.BAD_REQUEST, "invalid header " + lastName);
                    }
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !isToken(line, 0, colon)) {
                    scanSpecialHeaders(lines);
                    return failure(RtspResponseStatuses.BAD_REQUEST, "malformed header line " + i);
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1).trim();
                try {
                    headers.add(name, value);
                } catch (IllegalArgumentException e) {
                    scanSpecialHeaders(lines);
                    return failure(RtspResponseStatuses.BAD_REQUEST, "invalid header " + name);
                }
                lastName = name;
            }
            if (headerBytes > limits.maxHeaderBytes()) {
                scanSpecialHeaders(lines);
                return failure(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        headerBytes + " bytes of headers (limit " + limits.maxHeaderBytes() + ")");
            }
            cseq = headers.get(RtspHeaderNames.CSEQ);
            contentLength = parseContentLength(headers.getAll(RtspHeaderNames.CONTENT_LENGTH));
            return null;
        }

        /** After a header failure, still find CSeq and Content-Length so we can answer and resync. */
        private void scanSpecialHeaders(String[] lines) {
            java.util.List<String> lengths = new java.util.ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                if (name.equalsIgnoreCase("CSeq") && cseq == null && isDigits(value)) {
                    cseq = value;
                } else if (name.equalsIgnoreCase("Content-Length")) {
                    lengths.add(value);
                }
            }
            contentLength = parseContentLength(lengths);
        }

        private static int parseContentLength(List<String> values) {
            if (values.isEmpty()) {
                return 0;
            }
            String value = values.get(0);
            for (String other : values) {
                if (!other.equals(value)) {
                    return -1;
                }
            }
            if (!isDigits(value) || value.length() > 9) {
                return -1;
            }
            return Integer.parseInt(value);
        }

        private Object parseRequestLine(String line, HttpHeaders headers) {
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || parts[1].isEmpty()) {
                return failure(RtspResponseStatuses.BAD_REQUEST, "malformed request line");
            }
            String method = parts[0];
            if (method.isEmpty() || method.length() > MAX_METHOD_LENGTH || !isToken(method, 0, method.length())) {
                return failure(RtspResponseStatuses.BAD_REQUEST, "malformed method");
            }
            if (!parts[2].equals("RTSP/1.0")) {
                return failure(RtspResponseStatuses.RTSP_VERSION_NOT_SUPPORTED, "unsupported version " + printable(parts[2]));
            }
            if (!isPrintable(parts[1])) {
                return failure(RtspResponseStatuses.BAD_REQUEST, "malformed request URI");
            }
            return new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, HttpMethod.valueOf(method), parts[1],
                    Unpooled.EMPTY_BUFFER, headers, new DefaultHttpHeaders(true));
        }

        private Object parseStatusLine(String line, HttpHeaders headers) {
            String[] parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].equals("RTSP/1.0") || parts[1].length() != 3 || !isDigits(parts[1])) {
                return failure(RtspResponseStatuses.BAD_REQUEST, "malformed status line");
            }
            int code = Integer.parseInt(parts[1]);
            if (code < 100) {
                return failure(RtspResponseStatuses.BAD_REQUEST, "malformed status line");
            }
            String reason = parts.length == 3 ? parts[2] : "";
            HttpResponseStatus status;
            try {
                status = HttpResponseStatus.valueOf(code, reason);
            } catch (IllegalArgumentException e) {
                // A reason phrase with a bare CR.
                return failure(RtspResponseStatuses.BAD_REQUEST, "malformed status line");
            }
            return new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status,
                    Unpooled.EMPTY_BUFFER, headers, new DefaultHttpHeaders(true));
        }

        private RtspDecodeFailure failure(HttpResponseStatus status, String reason) {
            return new RtspDecodeFailure(status, reason, cseq, false);
        }

        private static boolean isDigits(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        private static boolean isToken(String s, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isPrintable(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c <= ' ' || c >= 0x7f) {
                    return false;
                }
            }
            return true;
        }

        private static String printable(String s) {
            String cut = s.length() > 16 ? s.substring(0, 16) : s;
            return isPrintable(cut) ? cut : "(binary)";
        }
    }
}
