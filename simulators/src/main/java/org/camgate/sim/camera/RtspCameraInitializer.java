package org.camgate.sim.camera;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.group.ChannelGroup;
import org.camgate.protocol.rtsp.InterleavedFrameEncoder;
import org.camgate.protocol.rtsp.RtspLimits;
import org.camgate.protocol.rtsp.RtspMessageDecoder;
import org.camgate.protocol.rtsp.RtspMessageEncoder;

/** Names every handler of a camera connection's pipeline, the exception handler last. */
final class RtspCameraInitializer extends ChannelInitializer<SocketChannel> {
    private static final RtspMessageEncoder RTSP_ENCODER = new RtspMessageEncoder();
    private static final InterleavedFrameEncoder FRAME_ENCODER = new InterleavedFrameEncoder();
    private static final QuietExceptionHandler EXCEPTIONS = new QuietExceptionHandler();

    private final ChannelGroup connections;
    private final CameraDirectory cameras;
    private final UdpMediaPorts udpPorts;
    private final RequestAuthenticator authenticator;

    RtspCameraInitializer(ChannelGroup connections, CameraDirectory cameras, UdpMediaPorts udpPorts,
                          RequestAuthenticator authenticator) {
        this.connections = connections;
        this.cameras = cameras;
        this.udpPorts = udpPorts;
        this.authenticator = authenticator;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ch.pipeline()
                .addLast("rtsp-decoder", new RtspMessageDecoder(RtspLimits.SERVER))
                .addLast("rtsp-encoder", RTSP_ENCODER)
                .addLast("interleaved-encoder", FRAME_ENCODER)
                .addLast("camera", new RtspCameraHandler(cameras, udpPorts, authenticator))
                .addLast("exceptions", EXCEPTIONS);
    }
}
