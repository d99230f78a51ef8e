package org.camgate.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fails a test class when Netty reports a leaked buffer. Tests run with leak detection at
 * PARANOID (every buffer tracked); Netty logs a leak, at ERROR, when a tracked buffer is
 * garbage-collected unreleased. This extension collects those log records and, after the class,
 * forces collection and asserts that none was reported.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().startsWith("LEAK:")) {
                leaks.add(event.getFormattedMessage());
            }
        }
    };

    @Override
    public void beforeAll(ExtensionContext context) {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        appender.start();
        logger().addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        try {
            for (int i = 0; i < 5 && leaks.isEmpty(); i++) {
                System.gc();
                Thread.sleep(100);
                // Leaks are reported when a new tracked buffer is allocated after collection.
                for (int j = 0; j < 100; j++) {
                    ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(1);
                    pooled.release();
                    ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(1);
                    unpooled.release();
                }
            }
            if (!leaks.isEmpty()) {
                throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported:\n" + String.join("\n", leaks));
            }
        } finally {
            logger().detachAppender(appender);
        }
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    }
}
