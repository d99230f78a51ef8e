package org.camgate.rtsp;

import io.netty.channel.Channel;
import org.camgate.stream.BoundedReader;
import org.camgate.stream.CameraStream;
import org.camgate.stream.StreamDescription;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One reader's RTSP session: owned by the connection and the user that made it, on one camera,
 * with one transport for all its tracks. Confined to the connection's event loop.
 */
final class ReaderSession {
    enum State { READY, PLAYING, ENDED }

    private final String id;
    private final Channel connection;
    private final String user;
    private final String cameraId;
    private final CameraStream stream;
    private final StreamDescription description;
    private final boolean tcp;
    private final int[] rtpChannels;
    private final int[] rtcpChannels;
    private final InetSocketAddress[] rtpTargets;
    private final InetSocketAddress[] rtcpTargets;
    private State state = State.READY;
    private BoundedReader reader;
    private long startedNanos;
    private volatile long lastActivityNanos = System.nanoTime();

    ReaderSession(SecureRandom random, Channel connection, String user, String cameraId, CameraStream stream,
                  StreamDescription description, boolean tcp) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        this.id = HexFormat.of().formatHex(bytes).toUpperCase(java.util.Locale.ROOT);
        this.connection = connection;
        this.user = user;
        this.cameraId = cameraId;
        this.stream = stream;
        this.description = description;
        this.tcp = tcp;
        int tracks = description.tracks().size();
        this.rtpChannels = filled(tracks);
        this.rtcpChannels = filled(tracks);
        this.rtpTargets = new InetSocketAddress[tracks];
        this.rtcpTargets = new InetSocketAddress[tracks];
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    String id() {
        return id;
    }

    Channel connection() {
        return connection;
    }

    String user() {
        return user;
    }

    String cameraId() {
        return cameraId;
    }

    CameraStream stream() {
        return stream;
    }

    StreamDescription description() {
        return description;
    }

    boolean tcp() {
        return tcp;
    }

    State state() {
        return state;
    }

    boolean isSetUp(int track) {
        return tcp ? rtpChannels[track] >= 0 : rtpTargets[track] != null;
    }

    boolean anyTrackSetUp() {
        for (int i = 0; i < rtpChannels.length; i++) {
            if (isSetUp(i)) {
                return true;
            }
        }
        return false;
    }

    boolean channelInUse(int channel) {
        for (int i = 0; i < rtpChannels.length; i++) {
            if (rtpChannels[i] == channel || rtcpChannels[i] == channel) {
                return true;
            }
        }
        return false;
    }

    void setUpTcp(int track, int rtpChannel, int rtcpChannel) {
        rtpChannels[track] = rtpChannel;
        rtcpChannels[track] = rtcpChannel;
    }

    void setUpUdp(int track, InetSocketAddress rtp, InetSocketAddress rtcp) {
        rtpTargets[track] = rtp;
        rtcpTargets[track] = rtcp;
    }

    int[] rtpChannels() {
        return rtpChannels;
    }

    int[] rtcpChannels() {
        return rtcpChannels;
    }

    InetSocketAddress[] rtpTargets() {
        return rtpTargets;
    }

    InetSocketAddress[] rtcpTargets() {
        return rtcpTargets;
    }

    void playing(BoundedReader reader) {
        this.reader = reader;
        if (startedNanos == 0) {
            startedNanos = System.nanoTime();
        }
        state = State.PLAYING;
    }

    /** Back to READY after PAUSE; returns the reader to detach. */
    BoundedReader paused() {
        BoundedReader r = reader;
        state = State.READY;
        return r;
    }

    BoundedReader reader() {
        return reader;
    }

    boolean started() {
        return startedNanos != 0;
    }

    long durationMillis() {
        return startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1_000_000L;
    }

    void ended() {
        state = State.ENDED;
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    long idleNanos(long now) {
        return now - lastActivityNanos;
    }

    String transportName() {
        return tcp ? "tcp" : "udp";
    }
}
