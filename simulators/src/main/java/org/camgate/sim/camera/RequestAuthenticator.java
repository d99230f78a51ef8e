package org.camgate.sim.camera;

import io.netty.handler.codec.http.HttpRequest;

import java.util.List;

/**
 * Decides whether a request may use a camera that has credentials. The server uses
 * {@link DigestAuthenticator} unless given another, e.g. {@link BasicAuthenticator}.
 */
public interface RequestAuthenticator {

    /**
     * Checks {@code request} against the camera's {@code username}/{@code password}: returns an
     * empty list when it may proceed, otherwise the WWW-Authenticate values to answer 401 with.
     */
    List<String> check(HttpRequest request, String username, String password);
}
