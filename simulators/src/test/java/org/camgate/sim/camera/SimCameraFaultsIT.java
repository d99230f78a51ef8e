package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.rtsp.RtspMethods;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.camgate.protocol.auth.DigestClient;
import org.camgate.protocol.rtsp.InterleavedFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults on demand, per camera, seen by real RTSP clients (the raw test client and FFmpeg). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SimCameraFaultsIT {
    static {
        LeakCounter.install();
    }

    private final SimCameraServer server = new SimCameraServer("127.0.0.1", 0, List.of(
            SimCameraConfig.of("a").withSize(320, 180).withAudio(true),
            SimCameraConfig.of("b").withSize(320, 180),
            SimCameraConfig.of("secure").withSize(320, 180).withCredentials("admin", "s3cret"))).start();

    @AfterEach
    void stop() {
        server.stop();
        assertThat(LeakCounter.leaks()).isEmpty();
    }

    @Test
    void camerasShowingTheSamePictureShareOneEncode() {
        assertThat(server.encodedPictures()).isEqualTo(1);
    }

    @Test
    void rebootDropsThatCameraOnlyRefusesItWhileDownThenServesAgain() throws Exception {
        try (RawRtspClient a = new RawRtspClient("127.0.0.1", server.port());
             RawRtspClient b = new RawRtspClient("127.0.0.1", server.port())) {
            play(a, "a", false);
            play(b, "b", false);
            release(a.nextFrame(0, 3000));
            server.reboot("a", Duration.ofSeconds(5));
            try (RawRtspClient during = new RawRtspClient("127.0.0.1", server.port())) {
                during.send(RtspMethods.DESCRIBE, server.url("a"));
                assertThat(during.awaitClosed(2000)).as("a request while down closes the connection").isTrue();
            }
            assertThat(a.awaitClosed(2000)).isTrue();
            for (int i = 0; i < 10; i++) {
                InterleavedFrame frame = b.nextFrame(0, 2000);
                assertThat(frame).as("the other camera keeps playing").isNotNull();
                frame.release();
            }
            assertThat(server.connectionCount("b")).isEqualTo(1);
        }
        awaitServing("a");
        assertThat(SimCameraServerIT.grabVideo(server.url("a"), "tcp", 3)).containsOnly("320x180");
    }

    @Test
    void stallSendsNothingKeepsTheSessionThenResumesAtAKeyframeWithContinuedSequenceAndJumpedTime()
            throws Exception {
        try (RawRtspClient a = new RawRtspClient("127.0.0.1", server.port())) {
            String session = play(a, "a", true);
            int lastSeq = -1;
            long lastTime = -1;
            for (int i = 0; i < 10; i++) {
                InterleavedFrame frame = a.nextFrame(0, 2000);
                lastSeq = frame.content().getUnsignedShort(2);
                lastTime = frame.content().getUnsignedInt(4);
                frame.release();
            }
            server.stall("a", Duration.ofMillis(2500));
            // Drain what was in flight, until nothing at all (video, audio, RTCP) arrives for 700 ms.
            boolean silent = false;
            for (int i = 0; i < 200 && !silent; i++) {
                InterleavedFrame frame = a.nextAnyFrame(700);
                if (frame == null) {
                    silent = true;
                } else {
                    if (frame.channel() == 0) {
                        lastSeq = frame.content().getUnsignedShort(2);
                        lastTime = frame.content().getUnsignedInt(4);
                    }
                    frame.release();
                }
            }
            assertThat(silent).as("no media during the stall").isTrue();
            FullHttpResponse keepAlive = a.request(RtspMethods.GET_PARAMETER, server.url("a") + "/",
                    "Session", session);
            assertThat(keepAlive.status().code()).isEqualTo(200);
            keepAlive.release();

            InterleavedFrame resumed = a.nextFrame(0, 5000);
            assertThat(resumed).as("media resumes").isNotNull();
            ByteBuf packet = resumed.content();
            assertThat(packet.getUnsignedShort(2)).isEqualTo((lastSeq + 1) & 0xFFFF);
            long jump = (packet.getUnsignedInt(4) - lastTime) & 0xFFFFFFFFL;
            assertThat(jump).as("RTP time jumped by at least the 2.5 s stall").isGreaterThanOrEqualTo(2 * 90_000L);
            assertThat(packet.getUnsignedByte(12) & 0x1F).as("resumes with the SPS of a keyframe").isEqualTo(7);
            resumed.release();
        }
    }

    @Test
    void brokenCredentialsRefuseValidOnesWith401ThenAcceptThemAgain() throws Exception {
        String valid = server.url("secure").replace("rtsp://", "rtsp://admin:s3cret@");
        assertThat(describeWithDigest("secure", "admin", "s3cret")).isEqualTo(200);
        server.breakCredentials("secure", Duration.ofSeconds(6));
        server.breakCredentials("b", Duration.ofSeconds(6));
        assertThat(describeWithDigest("secure", "admin", "s3cret")).isEqualTo(401);
        assertThatThrownBy(() -> SimCameraServerIT.grabVideo(valid, "tcp", 1))
                .isInstanceOf(FFmpegFrameGrabber.Exception.class);
        try (RawRtspClient client = new RawRtspClient("127.0.0.1", server.port())) {
            FullHttpResponse open = client.request(RtspMethods.DESCRIBE, server.url("b"));
            assertThat(open.status().code()).as("a camera without credentials now asks for some").isEqualTo(401);
            open.release();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (describeWithDigest("secure", "admin", "s3cret") != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(SimCameraServerIT.grabVideo(valid, "tcp", 2)).containsOnly("320x180");
        assertThat(SimCameraServerIT.grabVideo(server.url("b"), "tcp", 2)).containsOnly("320x180");
    }

    @Test
    void garbageReachesThatCamerasClientsThenClosesThem() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port());
             RawRtspClient playing = new RawRtspClient("127.0.0.1", server.port());
             RawRtspClient other = new RawRtspClient("127.0.0.1", server.port())) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write(("OPTIONS " + server.url("a") + " RTSP/1.0\r\nCSeq: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            String response = readHead(in);
            assertThat(response).startsWith("RTSP/1.0 200");
            play(playing, "a", false);
            play(other, "b", false);
            release(playing.nextFrame(0, 3000));

            assertThat(server.garbage("a")).isEqualTo(2);

            byte[] rest = in.readAllBytes();  // until the server closes
            int expected = ProtocolGarbage.RANDOM_BYTES + ProtocolGarbage.MALFORMED_RESPONSE.length + 4
                    + ProtocolGarbage.TRUNCATED_FRAME_PAYLOAD;
            assertThat(rest).hasSize(expected);
            int at = ProtocolGarbage.RANDOM_BYTES;
            assertThat(Arrays.copyOfRange(rest, at, at + ProtocolGarbage.MALFORMED_RESPONSE.length))
                    .isEqualTo(ProtocolGarbage.MALFORMED_RESPONSE);
            at += ProtocolGarbage.MALFORMED_RESPONSE.length;
            assertThat(Arrays.copyOfRange(rest, at, at + 4)).isEqualTo(new byte[] {'$', 0, (byte) 0xFF, (byte) 0xFF});
            assertThat(playing.awaitClosed(3000)).isTrue();
            for (int i = 0; i < 5; i++) {
                InterleavedFrame frame = other.nextFrame(0, 2000);
                assertThat(frame).as("the other camera's client is untouched").isNotNull();
                frame.release();
            }
        }
        assertThat(SimCameraServerIT.grabVideo(server.url("a"), "tcp", 2)).containsOnly("320x180");
    }

    /** DESCRIBE, SETUP (TCP interleaved, video and optionally audio), PLAY; returns the session id. */
    private String play(RawRtspClient client, String path, boolean audio) throws Exception {
        String url = server.url(path);
        client.request(RtspMethods.DESCRIBE, url).release();
        FullHttpResponse setup = client.request(RtspMethods.SETUP, url + "/trackID=1",
                "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
        String session = setup.headers().get("Session").split(";")[0];
        setup.release();
        if (audio) {
            FullHttpResponse setupAudio = client.request(RtspMethods.SETUP, url + "/trackID=2",
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=2-3", "Session", session);
            assertThat(setupAudio.status().code()).isEqualTo(200);
            setupAudio.release();
        }
        FullHttpResponse play = client.request(RtspMethods.PLAY, url + "/", "Session", session);
        assertThat(play.status().code()).isEqualTo(200);
        play.release();
        return session;
    }

    private int describeWithDigest(String path, String user, String password) throws Exception {
        String url = server.url(path);
        try (RawRtspClient client = new RawRtspClient("127.0.0.1", server.port())) {
            FullHttpResponse challenge = client.request(RtspMethods.DESCRIBE, url);
            DigestClient digest = new DigestClient(user, password);
            boolean answerable = digest.onUnauthorized(challenge.headers().getAll("WWW-Authenticate"));
            challenge.release();
            assertThat(answerable).isTrue();
            FullHttpResponse response = client.request(RtspMethods.DESCRIBE, url,
                    "Authorization", digest.authorization("DESCRIBE", url));
            int status = response.status().code();
            response.release();
            return status;
        }
    }

    private void awaitServing(String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (RawRtspClient client = new RawRtspClient("127.0.0.1", server.port())) {
                client.send(RtspMethods.OPTIONS, server.url(path));
                if (!client.awaitClosed(300)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " did not come back");
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static void release(InterleavedFrame frame) {
        assertThat(frame).isNotNull();
        frame.release();
    }
}
