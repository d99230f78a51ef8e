package org.camgate.stream;

import org.camgate.protocol.video.H264Encoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The grey picture a gated camera's readers get once a second while the gate is shut ({@code whileShut:
 * placeholder}): encoded once per camera, at its resolution, with FFmpeg's {@code libopenh264} (the LGPL build;
 * never libx264) as two IDR access units, each with its SPS and PPS in band, so any decoder can start at either.
 * Two, not one, because consecutive IDR pictures must differ in {@code idr_pic_id}: they are sent alternately.
 */
public record PlaceholderPicture(int width, int height, List<List<byte[]>> accessUnits) {
    private static final int NAL_SEI = 6;
    private static final int NAL_AUD = 9;

    public PlaceholderPicture {
        accessUnits = List.copyOf(accessUnits);
    }

    /** Encodes the picture (tens of milliseconds for 1080p): call off the stream's loop. */
    public static PlaceholderPicture encode(int width, int height) {
        List<H264Encoder.AccessUnit> encoded;
        try (H264Encoder encoder = new H264Encoder(width, height, 1, 100_000, 1, Map.of())) {
            byte[] luma = new byte[width * height];
            byte[] chroma = new byte[width * height / 4];
            Arrays.fill(luma, (byte) 128);
            Arrays.fill(chroma, (byte) 128);
            for (int i = 0; i < 2; i++) {
                encoder.encode(luma, chroma, chroma, true);
            }
            encoded = encoder.finish();
        }
        List<List<byte[]>> units = new ArrayList<>();
        for (H264Encoder.AccessUnit unit : encoded) {
            if (unit.idr()) {
                List<byte[]> nals = new ArrayList<>(unit.nals());
                nals.removeIf(n -> H264Encoder.type(n) == NAL_SEI || H264Encoder.type(n) == NAL_AUD);
                units.add(List.copyOf(nals));
            }
        }
        if (units.isEmpty()) {
            throw new IllegalStateException("the encoder gave no IDR picture");
        }
        return new PlaceholderPicture(width, height, units);
    }
}
