package org.camgate.upstream;

import org.camgate.protocol.sdp.ControlUrl;
import org.camgate.protocol.sdp.MediaDescription;
import org.camgate.protocol.sdp.ReaderSdp;
import org.camgate.protocol.sdp.SessionDescription;
import org.camgate.stream.TrackInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * What a camera's DESCRIBE tells the gateway: the URLs to SETUP and PLAY on the camera, and what
 * readers will see instead (their SDP and tracks).
 *
 * @param setupUrls    the camera's control URL for each reader track, in track order
 * @param aggregateUrl the camera's URL for PLAY and keep-alives
 */
record CameraDescription(String readerSdp, List<TrackInfo> tracks, List<String> setupUrls, String aggregateUrl) {

    static CameraDescription of(String sdp, String base, String cameraId, boolean keepAudio) {
        SessionDescription camera = SessionDescription.parse(sdp);
        ReaderSdp reader = ReaderSdp.of(camera, cameraId, Integer.toUnsignedLong(cameraId.hashCode()), keepAudio);
        List<TrackInfo> tracks = new ArrayList<>();
        List<String> setupUrls = new ArrayList<>();
        for (int source : reader.sourceMedia()) {
            MediaDescription media = camera.media().get(source);
            tracks.add(new TrackInfo(tracks.size(), media.type(), media.encoding(), media.clockRate()));
            setupUrls.add(ControlUrl.resolve(base, media.control().orElse(null)));
        }
        String aggregate = ControlUrl.resolve(base, camera.control().orElse(null));
        return new CameraDescription(reader.text(), tracks, setupUrls, aggregate);
    }
}
