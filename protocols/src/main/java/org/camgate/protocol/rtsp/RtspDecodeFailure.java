package org.camgate.protocol.rtsp;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A message that could not be decoded. The handler answers {@link #status()} (echoing
 * {@link #cseq()} when it was readable) and closes the connection when {@link #fatal()}:
 * after a fatal failure the decoder cannot find the next message and discards all input.
 */
public record RtspDecodeFailure(HttpResponseStatus status, String reason, String cseq, boolean fatal) {
}
