/**
 * Shared by the gateway and the simulators: configuration binding and small value formats. Nothing here knows
 * about cameras, RTSP or ONVIF.
 */
package org.camgate.common;
