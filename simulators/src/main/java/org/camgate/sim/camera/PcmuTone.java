package org.camgate.sim.camera;

/** A one-second loop of a sine tone in G.711 µ-law at 8 kHz (RTP payload type 0). */
final class PcmuTone {
    static final int SAMPLE_RATE = 8000;
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private PcmuTone() {
    }

    /** One second of a {@code hz} tone (a whole number of cycles, so it loops without a click). */
    static byte[] loop(int hz, double amplitude) {
        byte[] out = new byte[SAMPLE_RATE];
        for (int i = 0; i < out.length; i++) {
            double s = amplitude * Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE);
            out[i] = encode((int) Math.round(s * 32767));
        }
        return out;
    }

    /** G.711 µ-law encoding of one 16-bit linear sample. */
    static byte encode(int sample) {
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        sample = Math.min(sample, CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
