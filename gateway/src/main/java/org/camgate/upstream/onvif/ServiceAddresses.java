package org.camgate.upstream.onvif;

/**
 * Where a camera serves its ONVIF services.
 *
 * @param media  the Media (ver10) service address
 * @param events the Events service address, or empty when the camera has none
 */
record ServiceAddresses(String media, String events) {
}
