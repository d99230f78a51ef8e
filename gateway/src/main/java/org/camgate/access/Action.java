package org.camgate.access;

/** What a request wants to do; decides which of the policy's rules apply (see {@link AccessPolicy}). */
public enum Action {
    /** A connection or datagram arrives: the network rules of the way in. */
    CONNECT,
    /** An operation open without credentials (ONVIF GetSystemDateAndTime, a WS-Discovery probe): network rules. */
    PRE_AUTH,
    /** Anything that needs a known user but no particular camera (ONVIF device and profile lists, the status page). */
    READ,
    /** What only a known user with {@code admin: true} may see (the status page's access log): network rules too. */
    ADMIN,
    /** Anything about one camera (stream, snapshot, clip, its events or commands): the user's and the camera's rules. */
    CAMERA
}
