package org.camgate.upstream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.camgate.stream.CameraStream;
import org.camgate.stream.StreamSettings;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A camera whose RTSP port refuses connections, with the real stream, source and session on a real event loop: the
 * reader waiting for it is told the connection was refused, not that the camera did not answer in time.
 */
@ExtendWith(NettyLeakCheck.class)
class RtspCameraSourceRefusedTest {
    private static final StreamSettings SETTINGS = new StreamSettings(1 << 20, 1 << 18, Duration.ofSeconds(2),
            Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1));

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Logger streamLog = (Logger) LoggerFactory.getLogger(CameraStream.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private final Level level = streamLog.getLevel();

    @AfterEach
    void stop() {
        streamLog.detachAppender(logs);
        streamLog.setLevel(level);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void waitingReaderIsToldTheConnectionWasRefused() throws Exception {
        int port = NetworkErrorsTest.closedPort();
        Bootstrap bootstrap = new Bootstrap().channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
        RtspCameraSource source = new RtspCameraSource("door", URI.create("rtsp://127.0.0.1:" + port + "/stream1"),
                CameraCredentials.NONE, false, false, Duration.ofSeconds(10), bootstrap);
        CameraStream stream = new CameraStream("door", group.next(), source, () -> true, SETTINGS,
                PooledByteBufAllocator.DEFAULT);
        logs.start();
        streamLog.addAppender(logs);
        streamLog.setLevel(Level.INFO);
        try {
            Throwable error = catchThrowable(() -> stream.describe().get(10, TimeUnit.SECONDS));

            assertThat(error).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class)
                    .hasMessage("cannot connect to camera: connection refused")
                    .hasMessageNotContaining("did not answer");
        } finally {
            stream.close().get(5, TimeUnit.SECONDS);
        }
        // Several attempts in those 2 s (100, 200, 400, 800 ms apart), one warning: the same cause is summarised.
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("camera door: cannot connect to camera: connection refused; reconnecting in 100 ms");
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().equals("camera door: connecting")).hasSizeGreaterThan(1);
        assertThat(logs.list).noneMatch(e -> e.getThrowableProxy() != null);
    }
}
