package org.camgate.protocol.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits an H.264 Annex B byte stream (start codes 00 00 01 or 00 00 00 01) into NAL units. */
public final class AnnexB {
    private AnnexB() {
    }

    /** The NAL units in {@code stream}, without start codes and trailing zero bytes. */
    public static List<byte[]> split(byte[] stream) {
        List<byte[]> nals = new ArrayList<>();
        int start = nextStart(stream, 0);
        while (start >= 0) {
            int next = nextStart(stream, start);
            int end = next < 0 ? stream.length : next - 3;
            while (end > start && stream[end - 1] == 0) {
                end--;
            }
            if (end > start) {
                nals.add(Arrays.copyOfRange(stream, start, end));
            }
            start = next;
        }
        return nals;
    }

    /** Index just past the first start code at or after {@code from}, or -1. */
    private static int nextStart(byte[] b, int from) {
        for (int i = from; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }
}
