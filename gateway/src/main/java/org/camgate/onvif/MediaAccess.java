package org.camgate.onvif;

import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;

import java.time.Clock;
import java.util.List;

/**
 * The media side shared by Media and Media2: which cameras a caller may see, their video, the
 * stream and snapshot URIs handed out (each audited, as they read media).
 */
public final class MediaAccess {
    public static final String AUDIT_URI = "onvif-media-uri";

    private final CameraCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final int rtspPort;

    public MediaAccess(CameraCatalog catalog, AuditLog audit, Clock clock, int rtspPort) {
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
        this.rtspPort = rtspPort;
    }

    /** The cameras this caller may see, in configuration order. */
    public List<String> visibleCameras(OnvifCaller caller) {
        return catalog.cameraIds().stream().filter(caller::mayView).toList();
    }

    /**
     * The camera a token names, when the caller may see it; otherwise an {@code InvalidArgVal}
     * fault with {@code detail} (the same for unknown and forbidden cameras, so ids do not leak).
     */
    public String camera(OnvifCaller caller, String token, String detail) {
        String camera = Tokens.cameraOf(token);
        if (camera == null || !catalog.cameraIds().contains(camera) || !caller.mayView(camera)) {
            throw OnvifFaults.invalidArgVal(detail, "no such " + (detail.equals("NoProfile") ? "profile" : "configuration")
                    + ": " + token);
        }
        return camera;
    }

    public VideoInfo video(String cameraId) {
        return catalog.video(cameraId);
    }

    public String streamUri(OnvifCaller caller, String cameraId, String operation) {
        String uri = "rtsp://" + caller.authority(rtspPort) + "/" + cameraId;
        record(caller, cameraId, operation, uri);
        return uri;
    }

    public String snapshotUri(OnvifCaller caller, String cameraId, String operation) {
        String uri = ServicePaths.url(caller, ServicePaths.SNAPSHOT + "/" + cameraId + ".jpg");
        record(caller, cameraId, operation, uri);
        return uri;
    }

    private void record(OnvifCaller caller, String cameraId, String operation, String uri) {
        audit.record(AuditEvent.builder(AUDIT_URI, clock.instant()).user(caller.userName()).remote(caller.remote())
                .camera(cameraId).transport("onvif").detail("operation", operation).detail("uri", uri).build());
    }
}
