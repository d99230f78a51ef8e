package org.camgate.sim.camera;

import org.camgate.protocol.rtsp.TransportSpec;

import io.netty.channel.Channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One RTSP session, bound to the connection that created it: the tracks set up and how
 * (all interleaved, or all UDP), and the sink the camera's player delivers to while playing.
 */
final class RtspSession {
    static final int TIMEOUT_SECONDS = 60;

    private final String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1).toUpperCase();
    private final SimCamera camera;
    private final int[] interleaved = {-1, -1};
    private final InetSocketAddress[] udpTargets = new InetSocketAddress[2];
    private Boolean tcp;
    private MediaSink sink;

    RtspSession(SimCamera camera) {
        this.camera = camera;
    }

    String id() {
        return id;
    }

    SimCamera camera() {
        return camera;
    }

    String header() {
        return id + ";timeout=" + TIMEOUT_SECONDS;
    }

    boolean hasTracks() {
        return tcp != null;
    }

    boolean isSetUp(int trackIndex) {
        return interleaved[trackIndex] >= 0 || udpTargets[trackIndex] != null;
    }

    /** Sets up a track; returns the Transport answer, or null when the transport mixes with earlier ones. */
    String setup(int trackIndex, TransportSpec spec, InetAddress remote, UdpMediaPorts ports) {
        if ((tcp != null && tcp != spec.tcp()) || sink != null) {
            return null;
        }
        tcp = spec.tcp();
        if (spec.tcp()) {
            int channel = spec.rtpChannel() >= 0 ? spec.rtpChannel() : trackIndex * 2;
            interleaved[trackIndex] = channel;
            return "RTP/AVP/TCP;unicast;interleaved=" + channel + "-" + (channel + 1) + ";mode=play";
        }
        udpTargets[trackIndex] = new InetSocketAddress(remote, spec.rtpPort());
        return "RTP/AVP;unicast;client_port=" + spec.rtpPort() + "-" + spec.rtcpPort() + ";server_port="
                + ports.rtpPort() + "-" + (ports.rtpPort() + 1) + ";mode=play";
    }

    /** The sink for this session's tracks, made on first use. */
    MediaSink sink(Channel connection, UdpMediaPorts ports) {
        if (sink == null) {
            sink = Boolean.TRUE.equals(tcp) ? new TcpMediaSink(connection, interleaved)
                    : new UdpMediaSink(ports, udpTargets, camera.faults());
        }
        return sink;
    }

    /** Stops delivery; the session stays set up and can PLAY again. */
    void pause() {
        if (sink != null) {
            camera.player().removeSink(sink);
        }
    }
}
