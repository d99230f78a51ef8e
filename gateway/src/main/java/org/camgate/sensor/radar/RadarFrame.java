package org.camgate.sensor.radar;

import java.util.List;

/** One radar track list; {@code sequence} is -1 when the sensor sends none. */
record RadarFrame(long sequence, List<RadarTrack> tracks) {
    RadarFrame {
        tracks = List.copyOf(tracks);
    }
}
