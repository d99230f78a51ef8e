package org.camgate.onvif;

/**
 * What the gateway knows about a camera's video, learnt from its SDP (and the H.264 SPS in it).
 *
 * @param encoding    rtpmap encoding name, e.g. H264, H265, JPEG
 * @param width       pixels, 0 when unknown
 * @param height      pixels, 0 when unknown
 * @param frameRate   frames per second, 0 when unknown
 * @param bitrateKbps kbit/s from {@code b=AS}, 0 when unknown
 * @param h264Profile H.264 profile name (Baseline, Main, Extended, High), or null
 */
public record VideoInfo(String encoding, int width, int height, int frameRate, int bitrateKbps, String h264Profile) {

    /** Nothing known yet (camera not reached): announced as H.264 so that NVRs keep the profile. */
    public static final VideoInfo UNKNOWN = new VideoInfo("H264", 0, 0, 0, 0, null);

    public boolean known() {
        return width > 0 && height > 0;
    }
}
