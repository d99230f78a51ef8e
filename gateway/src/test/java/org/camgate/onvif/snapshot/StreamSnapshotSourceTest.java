package org.camgate.onvif.snapshot;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.rtp.NalPacketizer;
import org.camgate.protocol.video.H264Encoder;
import org.camgate.testing.RtpPackets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cached keyframe's RTP packets to JPEG: in-band or SDP parameter sets, and an incomplete keyframe. */
class StreamSnapshotSourceTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\n"
            + "m=audio 0 RTP/AVP 0\r\na=control:trackID=0\r\n"
            + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n";
    static H264Encoder.AccessUnit keyframe;
    static byte[] sps;
    static byte[] pps;

    @BeforeAll
    static void encode() {
        byte[] y = new byte[160 * 90];
        byte[] c = new byte[160 * 90 / 4];
        new java.util.Random(3).nextBytes(y); // noise: a keyframe of several fragmented packets
        Arrays.fill(c, (byte) 128);
        try (H264Encoder encoder = new H264Encoder(160, 90, 25, 200_000, 25, Map.of())) {
            encoder.encode(y, c, c, true);
            keyframe = encoder.finish().get(0);
            sps = encoder.sps();
            pps = encoder.pps();
        }
    }

    private static List<byte[]> packets(List<byte[]> nals) {
        NalPacketizer packetizer = new NalPacketizer(NalCodec.H264, 96, 1, 500, 200);
        return RtpPackets.copiesReleasing(packetizer.packetize(UnpooledByteBufAllocator.DEFAULT,
                nals.stream().map(Unpooled::wrappedBuffer).toList(), 9000));
    }

    private static BufferedImage image(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    @Test
    void keyframeWithItsParameterSetsInBand() throws Exception {
        assertThat(keyframe.idr()).isTrue();
        List<byte[]> packets = packets(keyframe.nals());
        assertThat(packets.size()).as("fragmented").isGreaterThan(keyframe.nals().size());
        BufferedImage image = image(StreamSnapshotSource.decode(SDP, packets));
        assertThat(image.getWidth()).isEqualTo(160);
        assertThat(image.getHeight()).isEqualTo(90);
    }

    @Test
    void parameterSetsFromTheSdpWhenTheCameraSendsThemOnlyThere() throws Exception {
        List<byte[]> slices = keyframe.nals().subList(2, keyframe.nals().size());
        String sdp = SDP + "a=fmtp:96 packetization-mode=1;sprop-parameter-sets="
                + Base64.getEncoder().encodeToString(sps) + "," + Base64.getEncoder().encodeToString(pps) + "\r\n";
        BufferedImage image = image(StreamSnapshotSource.decode(sdp, packets(slices)));
        assertThat(image.getWidth()).isEqualTo(160);
        assertThatThrownBy(() -> StreamSnapshotSource.decode(SDP, packets(slices))).isInstanceOf(IOException.class);
    }

    @Test
    void anIncompleteKeyframeIsRefused() {
        List<byte[]> packets = new ArrayList<>(packets(keyframe.nals()));
        packets.remove(packets.size() / 2);
        assertThatThrownBy(() -> StreamSnapshotSource.decode(SDP, packets)).isInstanceOf(IOException.class)
                .hasMessage("the cached keyframe is incomplete");
        assertThatThrownBy(() -> StreamSnapshotSource.decode(SDP.replace("H264", "JPEG"), packets))
                .isInstanceOf(IOException.class).hasMessage("no H.264 or H.265 video");
    }
}
