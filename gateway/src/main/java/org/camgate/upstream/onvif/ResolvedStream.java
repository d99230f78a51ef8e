package org.camgate.upstream.onvif;

import org.camgate.upstream.CameraCredentials;

import java.net.URI;
import java.time.Duration;

/**
 * What the gateway learnt from a camera over ONVIF to pull its video.
 *
 * @param uri         the RTSP stream URI, without user info
 * @param credentials for RTSP: the URI's own, else the ONVIF ones
 * @param profile     the chosen media profile
 * @param services    the camera's Media and Events addresses
 * @param clockOffset camera clock minus gateway clock
 */
record ResolvedStream(URI uri, CameraCredentials credentials, MediaProfile profile, ServiceAddresses services,
                      Duration clockOffset) {
    @Override
    public String toString() {
        return "ResolvedStream[" + uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + ", profile="
                + profile.token() + ", offset=" + clockOffset + "]";
    }
}
