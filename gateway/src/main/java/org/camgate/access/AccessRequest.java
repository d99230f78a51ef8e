package org.camgate.access;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The one question every way in asks: may {@code user} at {@code remote}, coming in by {@code protocol}, do
 * {@code action} (on {@code camera})?
 *
 * @param user   the authenticated user, or null before authentication
 * @param camera the camera (for {@link Protocol#SENSOR}: the sensor) the action concerns, or null
 */
public record AccessRequest(Protocol protocol, InetSocketAddress remote, String user, String camera, Action action) {
    public AccessRequest {
        requireNonNull(protocol, "protocol");
        requireNonNull(remote, "remote");
        if (remote.getAddress() == null) {
            throw new IllegalArgumentException("remote: " + remote + " (expected: a resolved IP address)");
        }
        requireNonNull(action, "action");
        if (action == Action.CAMERA && camera == null) {
            throw new IllegalArgumentException("a camera action needs a camera");
        }
    }

    public InetAddress address() {
        return remote.getAddress();
    }

    public static AccessRequest connect(Protocol protocol, InetSocketAddress remote) {
        return new AccessRequest(protocol, remote, null, null, Action.CONNECT);
    }

    public static AccessRequest preAuth(Protocol protocol, InetSocketAddress remote) {
        return new AccessRequest(protocol, remote, null, null, Action.PRE_AUTH);
    }

    public static AccessRequest read(Protocol protocol, InetSocketAddress remote, String user) {
        return new AccessRequest(protocol, remote, user, null, Action.READ);
    }

    public static AccessRequest camera(Protocol protocol, InetSocketAddress remote, String user, String camera) {
        return new AccessRequest(protocol, remote, user, camera, Action.CAMERA);
    }
}
