package org.camgate.protocol.rtp;

import io.netty.buffer.ByteBuf;

import java.util.Locale;

/**
 * Tells whether an RTP packet starts a frame a decoder can begin at: for H.264 an IDR slice or
 * SPS (RFC 6184: single NAL, STAP-A, FU-A start), for H.265 an IRAP picture or VPS/SPS/PPS
 * (RFC 7798: single NAL, AP, FU start). Frames of codecs without inter prediction (JPEG, audio)
 * always are. Never throws on truncated or garbage packets.
 */
public final class KeyframeDetector {
    private KeyframeDetector() {
    }

    /** True for codecs whose frames depend on an earlier keyframe. */
    public static boolean isVideoCodecWithGop(String encoding) {
        String name = encoding == null ? "" : encoding.toUpperCase(Locale.ROOT);
        return name.equals("H264") || name.equals("H265") || name.equals("HEVC");
    }

    public static boolean isKeyframeStart(String encoding, ByteBuf rtp) {
        if (!isVideoCodecWithGop(encoding)) {
            return true;
        }
        if (!Rtp.isValid(rtp)) {
            return false;
        }
        int start = rtp.readerIndex() + Rtp.headerLength(rtp);
        int end = start + Rtp.payloadLength(rtp);
        if (end <= start) {
            return false;
        }
        return encoding.equalsIgnoreCase("H264") ? h264(rtp, start, end) : h265(rtp, start, end);
    }

    private static boolean h264(ByteBuf p, int start, int end) {
        int type = p.getByte(start) & 0x1f;
        if (type == 24) {
            for (int i = start + 1; i + 2 < end; ) {
                int size = p.getUnsignedShort(i);
                if (size == 0 || i + 2 + size > end) {
                    return false;
                }
                if (isH264Key(p.getByte(i + 2) & 0x1f)) {
                    return true;
                }
                i += 2 + size;
            }
            return false;
        }
        if (type == 28) {
            return end - start >= 2 && (p.getByte(start + 1) & 0x80) != 0 && isH264Key(p.getByte(start + 1) & 0x1f);
        }
        return isH264Key(type);
    }

    private static boolean isH264Key(int type) {
        return type == 5 || type == 7;
    }

    private static boolean h265(ByteBuf p, int start, int end) {
        if (end - start < 2) {
            return false;
        }
        int type = (p.getByte(start) >> 1) & 0x3f;
        if (type == 48) {
            for (int i = start + 2; i + 3 < end; ) {
                int size = p.getUnsignedShort(i);
                if (size < 2 || i + 2 + size > end) {
                    return false;
                }
                if (isH265Key((p.getByte(i + 2) >> 1) & 0x3f)) {
                    return true;
                }
                i += 2 + size;
            }
            return false;
        }
        if (type == 49) {
            return end - start >= 3 && (p.getByte(start + 2) & 0x80) != 0 && isH265Key(p.getByte(start + 2) & 0x3f);
        }
        return isH265Key(type);
    }

    private static boolean isH265Key(int type) {
        return (type >= 16 && type <= 21) || (type >= 32 && type <= 34);
    }
}
