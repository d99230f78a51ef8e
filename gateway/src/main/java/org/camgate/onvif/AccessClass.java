package org.camgate.onvif;

import org.camgate.access.AccessRequest;
import org.camgate.access.Protocol;

import java.net.InetSocketAddress;
import java.util.Set;

/**
 * ONVIF access classes (ONVIF Core, 5.9.4) of the operations camgate serves, and the question each puts to the
 * gateway's access policy: pre-auth operations its network rules, the others also a known user. (Operations about
 * one camera ask the policy again, with the camera, where the camera is known: see {@link MediaAccess}.)
 */
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

    /** The policy question for an operation of this class from {@code peer} as {@code user} (null: anonymous). */
    public AccessRequest request(InetSocketAddress peer, String user) {
        return this == PRE_AUTH ? AccessRequest.preAuth(Protocol.ONVIF, peer)
                : AccessRequest.read(Protocol.ONVIF, peer, user);
    }
}
