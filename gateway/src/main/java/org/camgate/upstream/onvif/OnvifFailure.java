package org.camgate.upstream.onvif;

/** The kinds of ONVIF call failure the client tells apart. */
public enum OnvifFailure {
    /** No answer within the receive timeout. */
    TIMEOUT,
    /** Could not connect (refused, unreachable). */
    UNREACHABLE,
    /** The camera refused the credentials (HTTP 401 after Digest, or a NotAuthorized fault). */
    NOT_AUTHORIZED,
    /** A SOAP fault other than NotAuthorized. */
    FAULT,
    /** An HTTP error status without a SOAP fault. */
    HTTP_STATUS,
    /** The answer was not a SOAP message of the expected shape. */
    BAD_ANSWER,
    /** The camera lacks something the gateway needs (a profile, an events service). */
    UNSUPPORTED
}
