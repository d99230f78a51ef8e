package org.camgate.sim.onvif;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import org.camgate.onvif.wsdl.device.Device;
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
import org.camgate.onvif.wsdl.device.Service;
import org.camgate.onvif.wsdl.device.SystemReboot;
import org.camgate.onvif.wsdl.device.SystemRebootResponse;
import org.camgate.onvif.wsdl.schema.Capabilities;
import org.camgate.onvif.wsdl.schema.Date;
import org.camgate.onvif.wsdl.schema.DateTime;
import org.camgate.onvif.wsdl.schema.DeviceCapabilities;
import org.camgate.onvif.wsdl.schema.EventCapabilities;
import org.camgate.onvif.wsdl.schema.MediaCapabilities;
import org.camgate.onvif.wsdl.schema.OnvifVersion;
import org.camgate.onvif.wsdl.schema.SetDateTimeType;
import org.camgate.onvif.wsdl.schema.SystemDateTime;
import org.camgate.onvif.wsdl.schema.Time;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The simulated device service: date and time (on the device's possibly skewed clock), capabilities, services
 * and device information; everything else answers {@code ter:ActionNotSupported}.
 */
@WebService(serviceName = "DeviceService", portName = "Device", targetNamespace = "http://www.onvif.org/ver10/device/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.device.Device",
        wsdlLocation = "classpath:onvif/ver10/device/wsdl/devicemgmt.wsdl")
final class SimDevice implements Device {
    static final String TDS = "http://www.onvif.org/ver10/device/wsdl";
    static final String TRT = "http://www.onvif.org/ver10/media/wsdl";
    static final String TEV = "http://www.onvif.org/ver10/events/wsdl";

    private final Clock deviceClock;
    private final String fallbackHost;
    private final String serial;

    @Resource
    private WebServiceContext context;

    SimDevice(Clock deviceClock, String fallbackHost, String serial) {
        this.deviceClock = deviceClock;
        this.fallbackHost = fallbackHost;
        this.serial = serial;
    }

    private String base() {
        return RequestBase.of(context, fallbackHost);
    }

    @Override
    public GetSystemDateAndTimeResponse getSystemDateAndTime(GetSystemDateAndTime parameters) {
        ZonedDateTime now = deviceClock.instant().atZone(ZoneOffset.UTC);
        Time time = new Time();
        time.setHour(now.getHour());
        time.setMinute(now.getMinute());
        time.setSecond(now.getSecond());
        Date date = new Date();
        date.setYear(now.getYear());
        date.setMonth(now.getMonthValue());
        date.setDay(now.getDayOfMonth());
        DateTime utc = new DateTime();
        utc.setTime(time);
        utc.setDate(date);
        SystemDateTime sdt = new SystemDateTime();
        sdt.setDateTimeType(SetDateTimeType.NTP);
        sdt.setDaylightSavings(false);
        sdt.setUTCDateTime(utc);
        GetSystemDateAndTimeResponse r = new GetSystemDateAndTimeResponse();
        r.setSystemDateAndTime(sdt);
        return r;
    }

    @Override
    public GetCapabilitiesResponse getCapabilities(GetCapabilities parameters) {
        String base = base();
        Capabilities c = new Capabilities();
        DeviceCapabilities device = new DeviceCapabilities();
        device.setXAddr(base + SimOnvifCamera.DEVICE_PATH);
        c.setDevice(device);
        MediaCapabilities media = new MediaCapabilities();
        media.setXAddr(base + SimOnvifCamera.MEDIA_PATH);
        c.setMedia(media);
        EventCapabilities events = new EventCapabilities();
        events.setXAddr(base + SimOnvifCamera.EVENTS_PATH);
        events.setWSPullPointSupport(true);
        c.setEvents(events);
        GetCapabilitiesResponse r = new GetCapabilitiesResponse();
        r.setCapabilities(c);
        return r;
    }

    @Override
    public GetServicesResponse getServices(GetServices parameters) {
        String base = base();
        GetServicesResponse r = new GetServicesResponse();
        r.getService().add(service(TDS, base + SimOnvifCamera.DEVICE_PATH));
        r.getService().add(service(TRT, base + SimOnvifCamera.MEDIA_PATH));
        r.getService().add(service(TEV, base + SimOnvifCamera.EVENTS_PATH));
        return r;
    }

    private static Service service(String namespace, String xaddr) {
        Service s = new Service();
        s.setNamespace(namespace);
        s.setXAddr(xaddr);
        OnvifVersion v = new OnvifVersion();
        v.setMajor(2);
        v.setMinor(60);
        s.setVersion(v);
        return s;
    }

    @Override
    public GetDeviceInformationResponse getDeviceInformation(GetDeviceInformation parameters) {
        GetDeviceInformationResponse r = new GetDeviceInformationResponse();
        r.setManufacturer("camgate");
        r.setModel("SimCamera");
        r.setFirmwareVersion("sim-1");
        r.setSerialNumber(serial);
        r.setHardwareId("sim");
        return r;
    }

    @Override
    public GetServiceCapabilitiesResponse getServiceCapabilities(GetServiceCapabilities parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetDNSResponse getDNS(GetDNS parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetScopesResponse getScopes(GetScopes parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetNetworkProtocolsResponse getNetworkProtocols(GetNetworkProtocols parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetNTPResponse getNTP(GetNTP parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetNetworkInterfacesResponse getNetworkInterfaces(GetNetworkInterfaces parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetNetworkDefaultGatewayResponse getNetworkDefaultGateway(GetNetworkDefaultGateway parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public SystemRebootResponse systemReboot(SystemReboot parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetHostnameResponse getHostname(GetHostname parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetDiscoveryModeResponse getDiscoveryMode(GetDiscoveryMode parameters) {
        throw SimFaults.notSupported();
    }
}
