package org.camgate.sim.camera;

/** Writes the session description a camera answers DESCRIBE with, in the style of real cameras. */
final class SdpWriter {
    private SdpWriter() {
    }

    static String write(SimCameraConfig config, EncodedLoop loop, String serverAddress, long sessionId) {
        String ipVersion = serverAddress.contains(":") ? "IP6" : "IP4";
        StringBuilder sdp = new StringBuilder(512);
        sdp.append("v=0\r\n");
        sdp.append("o=- ").append(sessionId).append(" 1 IN ").append(ipVersion).append(' ').append(serverAddress)
                .append("\r\n");
        sdp.append("s=camgate simulated camera ").append(config.path()).append("\r\n");
        sdp.append("c=IN ").append(ipVersion).append(ipVersion.equals("IP4") ? " 0.0.0.0" : " ::").append("\r\n");
        sdp.append("t=0 0\r\n");
        sdp.append("a=tool:camgate-sim\r\n");
        sdp.append("a=range:npt=0-\r\n");
        sdp.append("m=video 0 RTP/AVP 96\r\n");
        sdp.append("b=AS:").append(config.bitrateKbps()).append("\r\n");
        sdp.append("a=rtpmap:96 ").append(loop.codec().encodingName()).append("/90000\r\n");
        sdp.append("a=fmtp:96 ").append(loop.fmtp()).append("\r\n");
        sdp.append("a=framerate:").append(config.fps()).append("\r\n");
        sdp.append("a=x-dimensions:").append(config.width()).append(',').append(config.height()).append("\r\n");
        sdp.append("a=control:trackID=1\r\n");
        if (config.audio()) {
            sdp.append("m=audio 0 RTP/AVP 0\r\n");
            sdp.append("a=rtpmap:0 PCMU/8000\r\n");
            sdp.append("a=control:trackID=2\r\n");
        }
        return sdp.toString();
    }
}
