package org.camgate.onvif;

import jakarta.jws.WebService;
import org.camgate.onvif.wsdl.device.Device;
import org.camgate.onvif.wsdl.device.DeviceServiceCapabilities;
import org.camgate.onvif.wsdl.device.GetCapabilities;
import org.camgate.onvif.wsdl.device.GetCapabilitiesResponse;
import org.camgate.onvif.wsdl.device.GetDNS;
import org.camgate.onvif.wsdl.device.GetDNSResponse;
import org.camgate.onvif.wsdl.device.GetDeviceInformation;
import org.camgate.onvif.wsdl.device.GetDeviceInformationResponse;
import org.camgate.onvif.wsdl.device.GetDiscoveryMode;
import org.camgate.onvif.wsdl.device.GetDiscoveryModeResponse;
import org.camgate.onvif.wsdl.device.GetHostname;
import org.camgate.onvif.wsdl.device.GetHostnameResponse;
import org.camgate.onvif.wsdl.device.GetNTP;
import org.camgate.onvif.wsdl.device.GetNTPResponse;
import org.camgate.onvif.wsdl.device.GetNetworkDefaultGateway;
import org.camgate.onvif.wsdl.device.GetNetworkDefaultGatewayResponse;
import org.camgate.onvif.wsdl.device.GetNetworkInterfaces;
import org.camgate.onvif.wsdl.device.GetNetworkInterfacesResponse;
import org.camgate.onvif.wsdl.device.GetNetworkProtocols;
import org.camgate.onvif.wsdl.device.GetNetworkProtocolsResponse;
import org.camgate.onvif.wsdl.device.GetScopes;
import org.camgate.onvif.wsdl.device.GetScopesResponse;
import org.camgate.onvif.wsdl.device.GetServiceCapabilities;
import org.camgate.onvif.wsdl.device.GetServiceCapabilitiesResponse;
import org.camgate.onvif.wsdl.device.GetServices;
import org.camgate.onvif.wsdl.device.GetServicesResponse;
import org.camgate.onvif.wsdl.device.GetSystemDateAndTime;
import org.camgate.onvif.wsdl.device.GetSystemDateAndTimeResponse;
import org.camgate.onvif.wsdl.device.NetworkCapabilities;
import org.camgate.onvif.wsdl.device.SecurityCapabilities;
import org.camgate.onvif.wsdl.device.Service;
import org.camgate.onvif.wsdl.device.SystemCapabilities;
import org.camgate.onvif.wsdl.device.SystemReboot;
import org.camgate.onvif.wsdl.device.SystemRebootResponse;
import org.camgate.onvif.wsdl.schema.Capabilities;
import org.camgate.onvif.wsdl.schema.Date;
import org.camgate.onvif.wsdl.schema.DateTime;
import org.camgate.onvif.wsdl.schema.DeviceCapabilities;
import org.camgate.onvif.wsdl.schema.DiscoveryMode;
import org.camgate.onvif.wsdl.schema.EventCapabilities;
import org.camgate.onvif.wsdl.schema.HostnameInformation;
import org.camgate.onvif.wsdl.schema.DNSInformation;
import org.camgate.onvif.wsdl.schema.IPv4Configuration;
import org.camgate.onvif.wsdl.schema.IPv4NetworkInterface;
import org.camgate.onvif.wsdl.schema.MediaCapabilities;
import org.camgate.onvif.wsdl.schema.NTPInformation;
import org.camgate.onvif.wsdl.schema.NetworkGateway;
import org.camgate.onvif.wsdl.schema.NetworkInterface;
import org.camgate.onvif.wsdl.schema.NetworkInterfaceInfo;
import org.camgate.onvif.wsdl.schema.NetworkProtocol;
import org.camgate.onvif.wsdl.schema.NetworkProtocolType;
import org.camgate.onvif.wsdl.schema.OnvifVersion;
import org.camgate.onvif.wsdl.schema.PrefixedIPv4Address;
import org.camgate.onvif.wsdl.schema.RealTimeStreamingCapabilities;
import org.camgate.onvif.wsdl.schema.Scope;
import org.camgate.onvif.wsdl.schema.ScopeDefinition;
import org.camgate.onvif.wsdl.schema.SetDateTimeType;
import org.camgate.onvif.wsdl.schema.SystemDateTime;
import org.camgate.onvif.wsdl.schema.Time;
import org.camgate.onvif.wsdl.schema.TimeZone;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The Device service: translates ONVIF requests into answers about the gateway as one device. */
@WebService(serviceName = "DeviceService", portName = "Device", targetNamespace = "http://www.onvif.org/ver10/device/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.device.Device",
        wsdlLocation = "classpath:onvif/ver10/device/wsdl/devicemgmt.wsdl")
public final class DeviceEndpoint implements Device {
    static final String NS_DEVICE = "http://www.onvif.org/ver10/device/wsdl";
    static final String NS_MEDIA = "http://www.onvif.org/ver10/media/wsdl";
    static final String NS_MEDIA2 = "http://www.onvif.org/ver20/media/wsdl";
    static final String NS_EVENTS = "http://www.onvif.org/ver10/events/wsdl";

    private final DeviceIdentity identity;
    private final Clock clock;
    private final int rtspPort;
    private final boolean discoverable;
    private final List<String> scopes;

    public DeviceEndpoint(DeviceIdentity identity, Clock clock, int rtspPort, boolean discoverable, List<String> scopes) {
        this.identity = identity;
        this.clock = clock;
        this.rtspPort = rtspPort;
        this.discoverable = discoverable;
        this.scopes = List.copyOf(scopes);
    }

    @Override
    public GetSystemDateAndTimeResponse getSystemDateAndTime(GetSystemDateAndTime parameters) {
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
        SystemDateTime t = new SystemDateTime();
        t.setDateTimeType(SetDateTimeType.NTP);
        t.setDaylightSavings(false);
        TimeZone tz = new TimeZone();
        tz.setTZ("UTC0");
        t.setTimeZone(tz);
        t.setUTCDateTime(dateTime(now));
        t.setLocalDateTime(dateTime(now));
        GetSystemDateAndTimeResponse r = new GetSystemDateAndTimeResponse();
        r.setSystemDateAndTime(t);
        return r;
    }

    @Override
    public GetCapabilitiesResponse getCapabilities(GetCapabilities parameters) {
        OnvifCaller caller = Calls.caller();
        Capabilities c = new Capabilities();
        DeviceCapabilities device = new DeviceCapabilities();
        device.setXAddr(ServicePaths.url(caller, ServicePaths.DEVICE));
        org.camgate.onvif.wsdl.schema.NetworkCapabilities network = new org.camgate.onvif.wsdl.schema.NetworkCapabilities();
        network.setIPFilter(false);
        network.setZeroConfiguration(false);
        network.setIPVersion6(false);
        network.setDynDNS(false);
        device.setNetwork(network);
        org.camgate.onvif.wsdl.schema.SystemCapabilities system = new org.camgate.onvif.wsdl.schema.SystemCapabilities();
        system.setDiscoveryResolve(false);
        system.setDiscoveryBye(true);
        system.setRemoteDiscovery(false);
        system.setSystemBackup(false);
        system.setSystemLogging(false);
        system.setFirmwareUpgrade(false);
        system.getSupportedVersions().add(version(2, 60));
        device.setSystem(system);
        c.setDevice(device);
        EventCapabilities events = new EventCapabilities();
        events.setXAddr(ServicePaths.url(caller, ServicePaths.EVENTS));
        events.setWSSubscriptionPolicySupport(false);
        events.setWSPullPointSupport(true);
        events.setWSPausableSubscriptionManagerInterfaceSupport(false);
        c.setEvents(events);
        MediaCapabilities media = new MediaCapabilities();
        media.setXAddr(ServicePaths.url(caller, ServicePaths.MEDIA));
        RealTimeStreamingCapabilities streaming = new RealTimeStreamingCapabilities();
        streaming.setRTPMulticast(false);
        streaming.setRTPTCP(true);
        streaming.setRTPRTSPTCP(true);
        media.setStreamingCapabilities(streaming);
        c.setMedia(media);
        GetCapabilitiesResponse r = new GetCapabilitiesResponse();
        r.setCapabilities(c);
        return r;
    }

    @Override
    public GetServicesResponse getServices(GetServices parameters) {
        OnvifCaller caller = Calls.caller();
        boolean withCapabilities = parameters != null && parameters.isIncludeCapability();
        GetServicesResponse r = new GetServicesResponse();
        r.getService().add(service(caller, NS_DEVICE, ServicePaths.DEVICE, 2, 60,
                withCapabilities ? deviceCapabilities() : null, "Capabilities"));
        r.getService().add(service(caller, NS_MEDIA, ServicePaths.MEDIA, 2, 60,
                withCapabilities ? MediaEndpoint.capabilities() : null, "Capabilities"));
        r.getService().add(service(caller, NS_MEDIA2, ServicePaths.MEDIA2, 2, 60,
                withCapabilities ? Media2Endpoint.capabilities() : null, "Capabilities"));
        r.getService().add(service(caller, NS_EVENTS, ServicePaths.EVENTS, 2, 60,
                withCapabilities ? EventsEndpoint.capabilities(0) : null, "Capabilities"));
        return r;
    }

    private static Service service(OnvifCaller caller, String namespace, String path, int major, int minor,
                                   Object capabilities, String element) {
        Service s = new Service();
        s.setNamespace(namespace);
        s.setXAddr(ServicePaths.url(caller, path));
        s.setVersion(version(major, minor));
        if (capabilities != null) {
            Service.Capabilities holder = new Service.Capabilities();
            holder.setAny(element(new javax.xml.namespace.QName(namespace, element), capabilities));
            s.setCapabilities(holder);
        }
        return s;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static jakarta.xml.bind.JAXBElement<?> element(javax.xml.namespace.QName name, Object value) {
        return new jakarta.xml.bind.JAXBElement(name, value.getClass(), value);
    }

    @Override
    public GetServiceCapabilitiesResponse getServiceCapabilities(GetServiceCapabilities parameters) {
        GetServiceCapabilitiesResponse r = new GetServiceCapabilitiesResponse();
        r.setCapabilities(deviceCapabilities());
        return r;
    }

    private DeviceServiceCapabilities deviceCapabilities() {
        DeviceServiceCapabilities c = new DeviceServiceCapabilities();
        NetworkCapabilities network = new NetworkCapabilities();
        network.setIPFilter(false);
        network.setZeroConfiguration(false);
        network.setIPVersion6(false);
        network.setDynDNS(false);
        network.setHostnameFromDHCP(false);
        network.setNTP(0);
        c.setNetwork(network);
        SecurityCapabilities security = new SecurityCapabilities();
        security.setUsernameToken(true);
        security.setHttpDigest(true);
        security.setDefaultAccessPolicy(true);
        c.setSecurity(security);
        SystemCapabilities system = new SystemCapabilities();
        system.setDiscoveryBye(true);
        system.setDiscoveryResolve(false);
        system.setRemoteDiscovery(false);
        system.setSystemBackup(false);
        system.setSystemLogging(false);
        system.setFirmwareUpgrade(false);
        c.setSystem(system);
        return c;
    }

    @Override
    public GetDeviceInformationResponse getDeviceInformation(GetDeviceInformation parameters) {
        Calls.user();
        GetDeviceInformationResponse r = new GetDeviceInformationResponse();
        r.setManufacturer(identity.manufacturer());
        r.setModel(identity.model());
        r.setFirmwareVersion(identity.firmwareVersion());
        r.setSerialNumber(identity.serialNumber());
        r.setHardwareId(identity.uuid().toString());
        return r;
    }

    @Override
    public GetHostnameResponse getHostname(GetHostname parameters) {
        HostnameInformation h = new HostnameInformation();
        h.setFromDHCP(false);
        h.setName(identity.hostname());
        GetHostnameResponse r = new GetHostnameResponse();
        r.setHostnameInformation(h);
        return r;
    }

    @Override
    public GetScopesResponse getScopes(GetScopes parameters) {
        Calls.user();
        GetScopesResponse r = new GetScopesResponse();
        for (String item : scopes) {
            Scope s = new Scope();
            s.setScopeDef(ScopeDefinition.FIXED);
            s.setScopeItem(item);
            r.getScopes().add(s);
        }
        return r;
    }

    @Override
    public GetDiscoveryModeResponse getDiscoveryMode(GetDiscoveryMode parameters) {
        Calls.user();
        GetDiscoveryModeResponse r = new GetDiscoveryModeResponse();
        r.setDiscoveryMode(discoverable ? DiscoveryMode.DISCOVERABLE : DiscoveryMode.NON_DISCOVERABLE);
        return r;
    }

    @Override
    public GetNetworkInterfacesResponse getNetworkInterfaces(GetNetworkInterfaces parameters) {
        OnvifCaller caller = Calls.user();
        NetworkInterface n = new NetworkInterface();
        n.setToken("eth0");
        n.setEnabled(true);
        NetworkInterfaceInfo info = new NetworkInterfaceInfo();
        info.setName("eth0");
        info.setHwAddress(identity.macAddress());
        info.setMTU(1500);
        n.setInfo(info);
        String ip = ipv4(caller.host());
        if (ip != null) {
            IPv4NetworkInterface v4 = new IPv4NetworkInterface();
            v4.setEnabled(true);
            IPv4Configuration config = new IPv4Configuration();
            PrefixedIPv4Address address = new PrefixedIPv4Address();
            address.setAddress(ip);
            address.setPrefixLength(24);
            config.getManual().add(address);
            config.setDHCP(false);
            v4.setConfig(config);
            n.setIPv4(v4);
        }
        GetNetworkInterfacesResponse r = new GetNetworkInterfacesResponse();
        r.getNetworkInterfaces().add(n);
        return r;
    }

    /** The address the caller reached us on, when it is an IPv4 literal (never a name lookup). */
    private static String ipv4(String host) {
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(host) instanceof Inet4Address a ? a.getHostAddress() : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public GetDNSResponse getDNS(GetDNS parameters) {
        Calls.user();
        DNSInformation d = new DNSInformation();
        d.setFromDHCP(false);
        GetDNSResponse r = new GetDNSResponse();
        r.setDNSInformation(d);
        return r;
    }

    @Override
    public GetNTPResponse getNTP(GetNTP parameters) {
        Calls.user();
        NTPInformation n = new NTPInformation();
        n.setFromDHCP(false);
        GetNTPResponse r = new GetNTPResponse();
        r.setNTPInformation(n);
        return r;
    }

    @Override
    public GetNetworkDefaultGatewayResponse getNetworkDefaultGateway(GetNetworkDefaultGateway parameters) {
        Calls.user();
        GetNetworkDefaultGatewayResponse r = new GetNetworkDefaultGatewayResponse();
        r.setNetworkGateway(new NetworkGateway());
        return r;
    }

    @Override
    public GetNetworkProtocolsResponse getNetworkProtocols(GetNetworkProtocols parameters) {
        OnvifCaller caller = Calls.user();
        GetNetworkProtocolsResponse r = new GetNetworkProtocolsResponse();
        r.getNetworkProtocols().add(protocol(NetworkProtocolType.HTTP, caller.httpPort()));
        r.getNetworkProtocols().add(protocol(NetworkProtocolType.RTSP, rtspPort));
        return r;
    }

    @Override
    public SystemRebootResponse systemReboot(SystemReboot parameters) {
        Calls.user();
        throw OnvifFaults.actionNotSupported("SystemReboot");
    }

    private static NetworkProtocol protocol(NetworkProtocolType type, int port) {
        NetworkProtocol p = new NetworkProtocol();
        p.setName(type);
        p.setEnabled(true);
        p.getPort().add(port);
        return p;
    }

    private static OnvifVersion version(int major, int minor) {
        OnvifVersion v = new OnvifVersion();
        v.setMajor(major);
        v.setMinor(minor);
        return v;
    }

    private static DateTime dateTime(ZonedDateTime t) {
        Time time = new Time();
        time.setHour(t.getHour());
        time.setMinute(t.getMinute());
        time.setSecond(t.getSecond());
        Date date = new Date();
        date.setYear(t.getYear());
        date.setMonth(t.getMonthValue());
        date.setDay(t.getDayOfMonth());
        DateTime d = new DateTime();
        d.setTime(time);
        d.setDate(date);
        return d;
    }
}
