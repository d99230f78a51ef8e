package org.camgate.stream;

import java.util.List;

/**
 * What readers are told about a camera: the SDP they get (camera details removed, audio gone
 * unless kept) and its tracks, indexed as in the SDP's {@code trackID=n} controls.
 */
public record StreamDescription(String readerSdp, List<TrackInfo> tracks) {
    public StreamDescription {
        tracks = List.copyOf(tracks);
    }

    /** The first video track whose codec has groups of pictures, or -1. */
    public int gopTrack() {
        for (TrackInfo track : tracks) {
            if (track.hasGop()) {
                return track.index();
            }
        }
        return -1;
    }
}
