package org.camgate.stream;

import io.netty.buffer.ByteBuf;

/** Where a camera stream sends what it fans out. Called on the stream's event loop. */
public interface StreamReader {

    /** A frame to send; the reader retains it if it keeps it past this call. */
    void onFrame(Frame frame);

    /**
     * A sender report for {@code track}, already rewritten for readers, as an interleaved packet
     * ({@link Frame#HEADER} bytes for channel {@code 2 * track + 1}, then RTCP). Retain to keep.
     */
    void onSenderReport(int track, ByteBuf report);

    /** The gate just opened: whatever the reader measures about silence (stalls) starts afresh. */
    default void gateOpened() {
    }
}
