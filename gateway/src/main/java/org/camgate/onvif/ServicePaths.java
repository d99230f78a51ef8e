package org.camgate.onvif;

/** Where the gateway's ONVIF services live, and how their addresses are written for a caller. */
public final class ServicePaths {
    public static final String DEVICE = "/onvif/device_service";
    public static final String MEDIA = "/onvif/media_service";
    public static final String MEDIA2 = "/onvif/media2_service";
    public static final String EVENTS = "/onvif/events_service";
    /** PullPoint subscriptions: {@code /onvif/subscription/<id>}. */
    public static final String SUBSCRIPTION = "/onvif/subscription";
    /** Snapshots: {@code /onvif/snapshot/<camera-id>.jpg}. */
    public static final String SNAPSHOT = "/onvif/snapshot";

    private ServicePaths() {
    }

    /** {@code http://<host the caller used>:<port>/<path>}. */
    public static String url(OnvifCaller caller, String path) {
        return "http://" + caller.authority(caller.httpPort()) + path;
    }
}
