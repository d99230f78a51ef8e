package org.camgate.upstream.onvif;

/**
 * An ONVIF call to a camera failed. The message names the camera, the operation and the cause in user words,
 * never credentials.
 */
public final class OnvifException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String cameraId;
    private final OnvifFailure failure;

    OnvifException(String cameraId, String operation, OnvifFailure failure, String detail, Throwable cause) {
        super("camera " + cameraId + ": ONVIF " + operation + " failed: " + detail, cause);
        this.cameraId = cameraId;
        this.failure = failure;
    }

    public String cameraId() {
        return cameraId;
    }

    /** What kind of failure: decides whether retrying soon can help. */
    public OnvifFailure failure() {
        return failure;
    }
}
