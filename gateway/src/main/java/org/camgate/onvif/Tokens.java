package org.camgate.onvif;

/** ONVIF tokens of a camera's profile and configurations: one of each per camera, named after the camera id. */
public final class Tokens {
    private static final String SOURCE = "vs_";
    private static final String SOURCE_CONFIG = "vsc_";
    private static final String ENCODER_CONFIG = "vec_";

    private Tokens() {
    }

    public static String profile(String cameraId) {
        return cameraId;
    }

    public static String videoSource(String cameraId) {
        return SOURCE + cameraId;
    }

    public static String videoSourceConfiguration(String cameraId) {
        return SOURCE_CONFIG + cameraId;
    }

    public static String videoEncoderConfiguration(String cameraId) {
        return ENCODER_CONFIG + cameraId;
    }

    /** The camera a configuration or source token names, or the token itself (a profile token). */
    public static String cameraOf(String token) {
        if (token == null) {
            return null;
        }
        for (String prefix : new String[] {SOURCE_CONFIG, ENCODER_CONFIG, SOURCE}) {
            if (token.startsWith(prefix)) {
                return token.substring(prefix.length());
            }
        }
        return token;
    }
}
