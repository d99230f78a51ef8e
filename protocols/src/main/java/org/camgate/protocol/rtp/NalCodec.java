package org.camgate.protocol.rtp;

/** Video codecs carried as NAL units over RTP: H.264 (RFC 6184) and H.265 (RFC 7798). */
public enum NalCodec {
    /** One-byte NAL header; fragmentation unit FU-A (type 28). */
    H264(1, 28),
    /** Two-byte NAL header; fragmentation unit FU (type 49). */
    H265(2, 49);

    private final int headerBytes;
    private final int fragmentType;

    NalCodec(int headerBytes, int fragmentType) {
        this.headerBytes = headerBytes;
        this.fragmentType = fragmentType;
    }

    /** Bytes of the NAL unit header. */
    public int headerBytes() {
        return headerBytes;
    }

    /** The NAL unit type of a NAL unit whose first byte is {@code firstByte}. */
    public int type(int firstByte) {
        return this == H264 ? firstByte & 0x1F : (firstByte >> 1) & 0x3F;
    }

    /** The RTP payload type name in SDP's rtpmap ({@code H264}, {@code H265}). */
    public String encodingName() {
        return name();
    }

    int fragmentType() {
        return fragmentType;
    }
}
