package org.camgate.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Network failures in user words: real exceptions where they are cheap to provoke on loopback, else built ones. */
class NetworkErrorsTest {

    /** A loopback port nothing listens on (bound, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void socketToAClosedPortIsConnectionRefused() throws IOException {
        int port = closedPort();
        Throwable error = catchThrowable(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
        });
        assertThat(error).isInstanceOf(ConnectException.class);
        assertThat(NetworkErrors.describe(error)).isEqualTo("connection refused");
    }

    @Test
    void nettyConnectToAClosedPortIsConnectionRefused() throws Exception {
        int port = closedPort();
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).await();
            assertThat(f.isSuccess()).isFalse();
            // Netty's AnnotatedConnectException: "Connection refused: /127.0.0.1:port".
            assertThat(NetworkErrors.describe(f.cause())).isEqualTo("connection refused");
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void peerThatResetsTheConnectionIsConnectionReset() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            try (Socket accepted = server.accept()) {
                accepted.setSoLinger(true, 0); // close sends RST
            }
            client.setSoTimeout(2000);
            Throwable error = catchThrowable(() -> {
                InputStream in = client.getInputStream();
                in.read();
            });
            assertThat(error).isInstanceOf(SocketException.class);
            assertThat(NetworkErrors.describe(error)).isEqualTo("connection reset");
        }
    }

    @Test
    void timeouts() {
        assertThat(NetworkErrors.describe(new ConnectTimeoutException("connection timed out after 10000 ms: /10.0.0.9:554")))
                .isEqualTo("connect timed out");
        assertThat(NetworkErrors.describe(new SocketTimeoutException("Connect timed out"))).isEqualTo("connect timed out");
        assertThat(NetworkErrors.describe(ReadTimeoutException.INSTANCE)).isEqualTo("no data from camera within the timeout");
    }

    @Test
    void unreachableAndUnknown() {
        assertThat(NetworkErrors.describe(new NoRouteToHostException("No route to host"))).isEqualTo("no route to host");
        assertThat(NetworkErrors.describe(new ConnectException("Network is unreachable: /10.0.0.9:554")))
                .isEqualTo("network unreachable");
        assertThat(NetworkErrors.describe(new PortUnreachableException("ICMP Port Unreachable"))).isEqualTo("port unreachable");
        assertThat(NetworkErrors.describe(new UnknownHostException("camera.invalid"))).isEqualTo("unknown host camera.invalid");
        assertThat(NetworkErrors.describe(new UnknownHostException())).isEqualTo("unknown host");
    }

    @Test
    void otherConnectFailuresKeepTheirMessage() {
        assertThat(NetworkErrors.describe(new ConnectException("Address already in use")))
                .isEqualTo("cannot connect (Address already in use)");
        assertThat(NetworkErrors.describe(new ConnectException())).isEqualTo("cannot connect");
    }

    @Test
    void closedAndBrokenConnections() {
        assertThat(NetworkErrors.describe(new ClosedChannelException())).isEqualTo("connection closed");
        assertThat(NetworkErrors.describe(new IOException("Connection reset by peer"))).isEqualTo("connection reset");
        assertThat(NetworkErrors.describe(new IOException("Broken pipe"))).isEqualTo("connection broken");
    }

    @Test
    void theCauseIsFoundInsideWrappers() {
        Throwable wrapped = new CompletionException(new IllegalStateException("attempt failed",
                new ConnectException("Connection refused")));
        assertThat(NetworkErrors.describe(wrapped)).isEqualTo("connection refused");
    }

    @Test
    void anythingElseIsItsSimpleClassNameAndMessageWithoutStackTrace() {
        assertThat(NetworkErrors.describe(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
        assertThat(NetworkErrors.describe(new IOException())).isEqualTo("IOException");
        assertThat(NetworkErrors.describe(new IOException("boom"))).doesNotContain("\n", "java.", "\tat ");
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);
        assertThat(NetworkErrors.describe(a)).isNotBlank();
    }
}
