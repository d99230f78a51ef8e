package org.camgate.onvif;

import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.common.yaml.Ids;

import java.time.Clock;
import java.util.List;

/**
 * The media side shared by Media and Media2: which cameras a caller may see (the gateway's access policy decides,
 * with the user, the address and the camera's own lists), their video, the stream and snapshot URIs handed out (each
 * audited, as they read media).
 */
public final class MediaAccess {
    public static final String AUDIT_URI = "onvif-media-uri";

    private final CameraCatalog catalog;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;
    private final int rtspPort;

    public MediaAccess(CameraCatalog catalog, AccessPolicy policy, AuditLog audit, Clock clock, int rtspPort) {
        this.catalog = catalog;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.rtspPort = rtspPort;
    }

    /**
     * The cameras this caller may see, in configuration order. A listing only filters: the policy is asked without
     * auditing (a listing is not a refusal; asking about one camera is, see {@link #camera}).
     */
    public List<String> visibleCameras(OnvifCaller caller) {
        return catalog.cameraIds().stream().filter(id -> policy.evaluate(request(caller, id)).allowed()).toList();
    }

    /**
     * The camera a token names, when the policy lets the caller at it (a refusal is logged and audited); otherwise an
     * {@code InvalidArgVal} fault with {@code detail}, the same for unknown and forbidden cameras, so ids do not leak.
     */
    public String camera(OnvifCaller caller, String token, String detail) {
        String camera = Tokens.cameraOf(token);
        // Text that cannot be a camera id is not worth a decision (nor a line of the client's text in the log).
        if (camera == null || !Ids.valid(camera)
                || !policy.decide(request(caller, camera)).allowed()) {
            throw OnvifFaults.invalidArgVal(detail, "no such " + (detail.equals("NoProfile") ? "profile" : "configuration")
                    + ": " + token);
        }
        return camera;
    }

    private static AccessRequest request(OnvifCaller caller, String camera) {
        return AccessRequest.camera(Protocol.ONVIF, caller.peer(), caller.userName(), camera);
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
