package org.camgate.onvif;

import java.util.Optional;

/**
 * The few fields of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1) that ONVIF clients are
 * told about: profile, picture size after cropping, and the frame rate when the VUI carries timing.
 */
public record H264Sps(int profileIdc, int width, int height, int frameRate) {

    /** Parses a SPS NAL unit (with its one-byte NAL header); empty when it is not a valid SPS. */
    public static Optional<H264Sps> parse(byte[] nal) {
        if (nal == null || nal.length < 4 || (nal[0] & 0x1f) != 7) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(new BitReader(unescape(nal))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The profile's name as ONVIF writes it, or null for profiles ONVIF has no name for. */
    public String profileName() {
        return switch (profileIdc) {
            case 66 -> "Baseline";
            case 77 -> "Main";
            case 88 -> "Extended";
            case 100, 110, 122, 244 -> "High";
            default -> null;
        };
    }

    private static H264Sps read(BitReader r) {
        r.bits(8); // NAL header
        int profile = r.bits(8);
        r.bits(16); // constraint flags, level
        r.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44
                || profile == 83 || profile == 86 || profile == 118 || profile == 128 || profile == 138
                || profile == 139 || profile == 134 || profile == 135) {
            chromaFormat = r.ue();
            if (chromaFormat == 3) {
                r.bits(1);
            }
            r.ue();
            r.ue();
            r.bits(1);
            if (r.bits(1) == 1) {
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (r.bits(1) == 1) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.bits(1);
            r.se();
            r.se();
            int n = r.ue();
            if (n > 255) {
                throw new IllegalArgumentException("num_ref_frames_in_pic_order_cnt_cycle");
            }
            for (int i = 0; i < n; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.bits(1);
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        int frameMbsOnly = r.bits(1);
        if (frameMbsOnly == 0) {
            r.bits(1);
        }
        r.bits(1); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.bits(1) == 1) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int subWidth = chromaFormat == 3 ? 1 : 2;
        int subHeight = chromaFormat == 1 ? 2 : 1;
        int cropUnitX = chromaFormat == 0 ? 1 : subWidth;
        int cropUnitY = (chromaFormat == 0 ? 1 : subHeight) * (2 - frameMbsOnly);
        int width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = (2 - frameMbsOnly) * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        int frameRate = 0;
        if (r.bits(1) == 1) {
            frameRate = vuiFrameRate(r);
        }
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("picture size");
        }
        return new H264Sps(profile, width, height, frameRate);
    }

    private static int vuiFrameRate(BitReader r) {
        if (r.bits(1) == 1) { // aspect_ratio_info_present_flag
            if (r.bits(8) == 255) {
                r.bits(32);
            }
        }
        if (r.bits(1) == 1) { // overscan_info_present_flag
            r.bits(1);
        }
        if (r.bits(1) == 1) { // video_signal_type_present_flag
            r.bits(4);
            if (r.bits(1) == 1) {
                r.bits(24);
            }
        }
        if (r.bits(1) == 1) { // chroma_loc_info_present_flag
            r.ue();
            r.ue();
        }
        if (r.bits(1) == 1) { // timing_info_present_flag
            long unitsInTick = r.bits32();
            long timeScale = r.bits32();
            if (unitsInTick > 0 && timeScale > 0) {
                return (int) Math.round(timeScale / (2.0 * unitsInTick));
            }
        }
        return 0;
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** Removes emulation prevention bytes (00 00 03 -> 00 00). */
    private static byte[] unescape(byte[] nal) {
        byte[] out = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[n++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** MSB-first bit reader with Exp-Golomb codes; reading past the end throws. */
    private static final class BitReader {
        private final byte[] data;
        private int pos;

        BitReader(byte[] data) {
            this.data = data;
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                if (pos >= data.length * 8) {
                    throw new IllegalArgumentException("SPS too short");
                }
                v = (v << 1) | ((data[pos >> 3] >> (7 - (pos & 7))) & 1);
                pos++;
            }
            return v;
        }

        long bits32() {
            return ((long) bits(16) << 16) | bits(16);
        }

        int ue() {
            int zeros = 0;
            while (bits(1) == 0) {
                if (++zeros > 31) {
                    throw new IllegalArgumentException("Exp-Golomb code too long");
                }
            }
            return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : bits(zeros) & 0xffffffffL));
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
