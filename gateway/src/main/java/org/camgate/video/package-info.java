/** Decoding a camera's own video where the gateway needs a picture of it: the ONVIF snapshot, a clip's snapshot. */
package org.camgate.video;
