package org.camgate.upstream;

/**
 * A camera's username and password; {@link #toString()} never shows the password.
 *
 * @param allowBasic whether the password may be sent with Basic authentication (readable by anyone on the
 *                   path) when the camera offers nothing else; false unless the camera's configuration says so
 */
public record CameraCredentials(String username, String password, boolean allowBasic) {
    public static final CameraCredentials NONE = new CameraCredentials(null, null);

    /** Credentials that are never sent with Basic authentication. */
    public CameraCredentials(String username, String password) {
        this(username, password, false);
    }

    public boolean present() {
        return username != null;
    }

    /** The same credentials, with Basic allowed or not. */
    public CameraCredentials withAllowBasic(boolean allow) {
        return allow == allowBasic ? this : new CameraCredentials(username, password, allow);
    }

    @Override
    public String toString() {
        return present() ? "CameraCredentials(" + username + ", ****" + (allowBasic ? ", Basic allowed" : "") + ")"
                : "CameraCredentials(none)";
    }
}
