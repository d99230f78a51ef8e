package org.camgate.stream;

import org.camgate.protocol.rtp.KeyframeDetector;

/**
 * One reader-visible track.
 *
 * @param index     reader track index ({@code trackID=index}, interleaved channels 2i and 2i+1)
 * @param mediaType SDP media type: video, audio, application
 * @param encoding  rtpmap encoding name, e.g. H264, H265, PCMU
 * @param clockRate RTP clock rate in Hz
 */
public record TrackInfo(int index, String mediaType, String encoding, int clockRate) {

    public boolean video() {
        return "video".equalsIgnoreCase(mediaType);
    }

    /** True for codecs whose frames depend on a keyframe (H.264, H.265). */
    public boolean hasGop() {
        return video() && KeyframeDetector.isVideoCodecWithGop(encoding);
    }
}
