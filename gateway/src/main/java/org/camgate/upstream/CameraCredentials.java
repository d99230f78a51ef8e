package org.camgate.upstream;

/** A camera's username and password; {@link #toString()} never shows the password. */
public record CameraCredentials(String username, String password) {
    public static final CameraCredentials NONE = new CameraCredentials(null, null);

    public boolean present() {
        return username != null;
    }

    @Override
    public String toString() {
        return present() ? "CameraCredentials(" + username + ", ****)" : "CameraCredentials(none)";
    }
}
