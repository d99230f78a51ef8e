package org.camgate.protocol.rtsp;

/**
 * Bounds applied while decoding RTSP. Real peers stay far below them: URLs of about 2 KB,
 * a few dozen headers, SDP bodies of a few KB.
 *
 * @param maxInitialLine   bytes in the request or status line
 * @param maxHeaderBytes   bytes of all header lines together
 * @param maxHeaders       number of header lines
 * @param maxContentLength bytes of a message body
 * @param maxFrameLength   bytes of one interleaved frame's payload
 */
public record RtspLimits(int maxInitialLine, int maxHeaderBytes, int maxHeaders, int maxContentLength,
                         int maxFrameLength) {

    /** Limits for connections from readers: small bodies, RTCP-sized interleaved frames. */
    public static final RtspLimits SERVER = new RtspLimits(4096, 8192, 256, 16 * 1024, 8 * 1024);

    /** Limits for connections to cameras: larger SDP bodies, full-size RTP over TCP. */
    public static final RtspLimits CLIENT = new RtspLimits(4096, 16 * 1024, 256, 64 * 1024, 65535);

    public RtspLimits {
        positive("maxInitialLine", maxInitialLine);
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxHeaders", maxHeaders);
        positive("maxContentLength", maxContentLength);
        positive("maxFrameLength", maxFrameLength);
        if (maxFrameLength > 65535) {
            throw new IllegalArgumentException("maxFrameLength: " + maxFrameLength + " (expected: <= 65535)");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
