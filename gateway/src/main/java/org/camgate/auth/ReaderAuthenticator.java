package org.camgate.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** Decides who a reader's request comes from. */
public interface ReaderAuthenticator {

    /**
     * @param authorization the request's Authorization header, or null
     * @param cameraId      the camera the request URL names, for the digest {@code uri} check
     */
    Outcome authenticate(String method, String uri, String cameraId, String authorization, InetAddress remote);

    sealed interface Outcome permits Granted, Challenge {
    }

    /** The request comes from {@code user}. */
    record Granted(String user) implements Outcome {
    }

    /**
     * Answer 401 with these WWW-Authenticate values after {@code delay}.
     *
     * @param failure     why credentials were refused, or null when none were sent (not a failure)
     * @param claimedUser the username the reader claimed, or null
     * @param limitCrossed true on the failure that put the address over the failure limit
     */
    record Challenge(List<String> wwwAuthenticate, Duration delay, String failure, String claimedUser,
                     boolean limitCrossed) implements Outcome {
    }
}
