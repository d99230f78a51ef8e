package org.camgate.onvif;

import java.util.Set;

/** ONVIF access classes (ONVIF Core, 5.9.4) of the operations camgate serves. */
public enum AccessClass {
    /** Open to everyone, also without credentials. */
    PRE_AUTH,
    /** Device information, network settings: users and up. */
    READ_SYSTEM,
    /** Profiles, stream URIs, events: users and up. */
    READ_MEDIA;

    private static final Set<String> PRE_AUTH_OPERATIONS = Set.of("GetSystemDateAndTime", "GetCapabilities",
            "GetServices", "GetServiceCapabilities", "GetHostname", "GetWsdlUrl", "GetEndpointReference");
    private static final Set<String> SYSTEM_OPERATIONS = Set.of("GetDeviceInformation", "GetNetworkInterfaces",
            "GetScopes", "GetDNS", "GetNTP", "GetNetworkDefaultGateway", "GetNetworkProtocols", "GetDiscoveryMode");

    /** The class of an operation by its request element's local name; anything unlisted needs read-media. */
    public static AccessClass of(String operation) {
        if (PRE_AUTH_OPERATIONS.contains(operation)) {
            return PRE_AUTH;
        }
        return SYSTEM_OPERATIONS.contains(operation) ? READ_SYSTEM : READ_MEDIA;
    }
}
