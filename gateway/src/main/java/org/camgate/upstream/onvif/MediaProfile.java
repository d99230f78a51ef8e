package org.camgate.upstream.onvif;

/**
 * A camera's media profile, as far as the gateway needs it.
 *
 * @param token                 the profile token (GetStreamUri takes it)
 * @param name                  the camera's name for it
 * @param videoSourceToken      the video source it shows (MotionAlarm events name it), or empty
 * @param videoSourceConfigToken its video source configuration (cell motion events name it), or empty
 * @param encoding              H264, H265, JPEG, MPEG4..., or empty
 * @param width                 encoded width, 0 when unknown
 * @param height                encoded height, 0 when unknown
 */
public record MediaProfile(String token, String name, String videoSourceToken, String videoSourceConfigToken,
                           String encoding, int width, int height) {
}
