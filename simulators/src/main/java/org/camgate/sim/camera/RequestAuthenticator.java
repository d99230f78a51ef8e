package org.camgate.sim.camera;

import io.netty.handler.codec.http.HttpRequest;

/**
 * Decides whether a request may use a camera that has credentials. The simulator ships
 * {@link BasicAuthenticator}; a digest implementation can be plugged in through
 * {@link SimCameraServer}'s constructor.
 */
public interface RequestAuthenticator {

    /** True when {@code request} carries valid credentials for {@code username}/{@code password}. */
    boolean authenticate(HttpRequest request, String username, String password);

    /** The WWW-Authenticate header values to send with a 401 answer. */
    java.util.List<String> challenges();
}
