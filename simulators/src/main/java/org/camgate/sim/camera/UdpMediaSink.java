package org.camgate.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a session's packets as UDP datagrams from the server's RTP/RTCP port pair to the
 * client ports it asked for, on the address its RTSP connection came from. While the camera has a
 * packet-loss fault, that fraction of RTP packets (not RTCP) is not sent.
 */
final class UdpMediaSink implements MediaSink {
    private final UdpMediaPorts ports;
    private final InetSocketAddress[] rtpTargets;
    private final CameraFaults faults;

    /** {@code rtpTargets[track]} is the client's RTP address (RTCP is the next port), or null. */
    UdpMediaSink(UdpMediaPorts ports, InetSocketAddress[] rtpTargets, CameraFaults faults) {
        this.ports = ports;
        this.rtpTargets = rtpTargets.clone();
        this.faults = faults;
    }

    @Override
    public void frame(int track, List<ByteBuf> packets, boolean keyframe) {
        InetSocketAddress target = rtpTargets[track];
        if (target != null) {
            List<DatagramPacket> datagrams = new ArrayList<>(packets.size());
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (ByteBuf packet : packets) {
                if (!faults.dropUdpPacket(random::nextDouble)) {
                    datagrams.add(new DatagramPacket(packet.retainedDuplicate(), target));
                }
            }
            if (!datagrams.isEmpty()) {
                send(ports.rtp(), datagrams);
            }
        }
    }

    @Override
    public void rtcp(int track, ByteBuf packet) {
        InetSocketAddress target = rtpTargets[track];
        if (target != null) {
            InetSocketAddress rtcpTarget = new InetSocketAddress(target.getAddress(), target.getPort() + 1);
            send(ports.rtcp(), List.of(new DatagramPacket(packet.retainedDuplicate(), rtcpTarget)));
        }
    }

    private static void send(Channel channel, List<DatagramPacket> datagrams) {
        try {
            channel.eventLoop().execute(() -> {
                for (DatagramPacket datagram : datagrams) {
                    channel.write(datagram);
                }
                channel.flush();
            });
        } catch (RejectedExecutionException e) {
            datagrams.forEach(DatagramPacket::release);
        }
    }
}
