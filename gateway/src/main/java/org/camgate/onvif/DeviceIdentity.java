package org.camgate.onvif;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The gateway as an ONVIF device: names, a serial number and a WS-Discovery endpoint UUID that
 * stay the same across restarts (derived from the site name), and a stable locally administered MAC
 * address for clients that derive a device id from GetNetworkInterfaces.
 */
public record DeviceIdentity(String manufacturer, String model, String firmwareVersion, String serialNumber,
                             UUID uuid, String hostname, String macAddress) {

    public static DeviceIdentity forSite(String site, String version) {
        UUID uuid = UUID.nameUUIDFromBytes(("camgate-onvif-device:" + site).getBytes(StandardCharsets.UTF_8));
        String hex = uuid.toString().replace("-", "");
        String serial = "CG-" + hex.substring(0, 12).toUpperCase(Locale.ROOT);
        byte[] mac = HexFormat.of().parseHex(hex.substring(20, 32));
        mac[0] = (byte) ((mac[0] & 0xfc) | 0x02); // unicast, locally administered
        String macText = HexFormat.ofDelimiter(":").formatHex(mac);
        String host = ("camgate-" + site).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return new DeviceIdentity("camgate", "camgate ONVIF gateway", version, serial, uuid, host, macText);
    }

    /** {@code urn:uuid:...}, the device's WS-Discovery endpoint reference address. */
    public String endpointReference() {
        return "urn:uuid:" + uuid;
    }
}
