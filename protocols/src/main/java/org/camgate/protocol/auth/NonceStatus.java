package org.camgate.protocol.auth;

/** The outcome of {@link NonceService#check(String)}. */
public enum NonceStatus {
    /** Issued by this service and not yet expired. */
    VALID,
    /** Issued by this service but expired: re-challenge with {@code stale=true}. */
    STALE,
    /** Not issued by this service (forged, truncated, garbage or another secret). */
    INVALID
}
