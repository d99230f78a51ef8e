package org.camgate.mqtt;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the {@link Outbox} opens its files (segments and the acknowledgement mark). The gateway uses
 * {@link #DEFAULT}; tests wrap the channels to make the disk slow or stall it.
 */
@FunctionalInterface
public interface OutboxFiles {
    /** The operating system's files, unchanged. */
    OutboxFiles DEFAULT = FileChannel::open;

    FileChannel open(Path file, OpenOption... options) throws IOException;
}
