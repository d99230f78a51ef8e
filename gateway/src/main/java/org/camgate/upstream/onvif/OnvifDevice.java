package org.camgate.upstream.onvif;

import org.camgate.onvif.wsdl.device.Device;
import org.camgate.onvif.wsdl.device.GetCapabilities;
import org.camgate.onvif.wsdl.device.GetCapabilitiesResponse;
import org.camgate.onvif.wsdl.device.GetServices;
import org.camgate.onvif.wsdl.device.GetServicesResponse;
import org.camgate.onvif.wsdl.device.GetSystemDateAndTime;
import org.camgate.onvif.wsdl.device.GetSystemDateAndTimeResponse;
import org.camgate.onvif.wsdl.device.Service;
import org.camgate.onvif.wsdl.media.GetProfiles;
import org.camgate.onvif.wsdl.media.GetProfilesResponse;
import org.camgate.onvif.wsdl.media.GetStreamUri;
import org.camgate.onvif.wsdl.media.GetStreamUriResponse;
import org.camgate.onvif.wsdl.media.Media;
import org.camgate.onvif.wsdl.schema.CapabilityCategory;
import org.camgate.onvif.wsdl.schema.DateTime;
import org.camgate.onvif.wsdl.schema.Profile;
import org.camgate.onvif.wsdl.schema.StreamSetup;
import org.camgate.onvif.wsdl.schema.StreamType;
import org.camgate.onvif.wsdl.schema.Transport;
import org.camgate.onvif.wsdl.schema.TransportProtocol;
import org.camgate.onvif.wsdl.schema.VideoEncoderConfiguration;
import org.camgate.onvif.wsdl.schema.VideoSourceConfiguration;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The adapter between the gateway and a camera's Device and Media services: the only place that touches
 * the generated Device/Media types. Every call has a timeout and fails with an {@link OnvifException}.
 */
final class OnvifDevice {
    static final String MEDIA_NS = "http://www.onvif.org/ver10/media/wsdl";
    static final String EVENTS_NS = "http://www.onvif.org/ver10/events/wsdl";

    private final String cameraId;
    private final String deviceUrl;
    private final SoapPorts ports;
    private final CameraTime cameraTime;
    private final Duration timeout;
    private Device openDevice;
    private Device securedDevice;

    OnvifDevice(String cameraId, URI deviceUrl, SoapPorts ports, CameraTime cameraTime, Duration timeout) {
        this.cameraId = cameraId;
        this.deviceUrl = deviceUrl.toString();
        this.ports = ports;
        this.cameraTime = cameraTime;
        this.timeout = timeout;
    }

    /**
     * Measures the camera's clock offset with GetSystemDateAndTime: first without credentials (it is a pre-auth
     * operation), again with them when the camera insists.
     */
    Duration measureClock() {
        GetSystemDateAndTimeResponse answer;
        Instant sent = cameraTime.localClock().instant();
        try {
            answer = call("GetSystemDateAndTime", deviceUrl,
                    () -> openDevice().getSystemDateAndTime(new GetSystemDateAndTime()));
        } catch (OnvifException e) {
            if (e.failure() != OnvifFailure.NOT_AUTHORIZED || !ports.hasCredentials()) {
                throw e;
            }
            sent = cameraTime.localClock().instant();
            answer = call("GetSystemDateAndTime", deviceUrl,
                    () -> securedDevice().getSystemDateAndTime(new GetSystemDateAndTime()));
        }
        Instant received = cameraTime.localClock().instant();
        Optional<Instant> utc = utc(answer);
        if (utc.isPresent()) {
            cameraTime.measured(utc.get(), sent, received);
        }
        return cameraTime.offset();
    }

    private Optional<Instant> utc(GetSystemDateAndTimeResponse answer) {
        if (answer.getSystemDateAndTime() == null || answer.getSystemDateAndTime().getUTCDateTime() == null) {
            return Optional.empty();
        }
        DateTime dt = answer.getSystemDateAndTime().getUTCDateTime();
        if (dt.getDate() == null || dt.getTime() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(dt.getDate().getYear(), dt.getDate().getMonth(), dt.getDate().getDay(),
                    dt.getTime().getHour(), dt.getTime().getMinute(), dt.getTime().getSecond()).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw new OnvifException(cameraId, "GetSystemDateAndTime", OnvifFailure.BAD_ANSWER,
                    "invalid date/time " + FailureTranslator.clean(e.getMessage()) + " (" + deviceUrl + ")", e);
        }
    }

    /** The Media and Events addresses: from GetServices, or GetCapabilities for cameras without it. */
    ServiceAddresses services() {
        String media = "";
        String events = "";
        try {
            GetServices request = new GetServices();
            request.setIncludeCapability(false);
            GetServicesResponse answer = call("GetServices", deviceUrl, () -> securedDevice().getServices(request));
            for (Service s : answer.getService()) {
                if (MEDIA_NS.equals(s.getNamespace()) && s.getXAddr() != null) {
                    media = s.getXAddr().trim();
                } else if (EVENTS_NS.equals(s.getNamespace()) && s.getXAddr() != null) {
                    events = s.getXAddr().trim();
                }
            }
        } catch (OnvifException e) {
            if (e.failure() != OnvifFailure.FAULT && e.failure() != OnvifFailure.HTTP_STATUS) {
                throw e;
            }
            // An older camera without GetServices: GetCapabilities below.
        }
        if (media.isEmpty()) {
            GetCapabilities request = new GetCapabilities();
            request.getCategory().add(CapabilityCategory.ALL);
            GetCapabilitiesResponse answer = call("GetCapabilities", deviceUrl,
                    () -> securedDevice().getCapabilities(request));
            if (answer.getCapabilities() != null) {
                if (answer.getCapabilities().getMedia() != null && answer.getCapabilities().getMedia().getXAddr() != null) {
                    media = answer.getCapabilities().getMedia().getXAddr().trim();
                }
                if (events.isEmpty() && answer.getCapabilities().getEvents() != null
                        && answer.getCapabilities().getEvents().getXAddr() != null) {
                    events = answer.getCapabilities().getEvents().getXAddr().trim();
                }
            }
        }
        if (media.isEmpty()) {
            throw new OnvifException(cameraId, "GetCapabilities", OnvifFailure.UNSUPPORTED,
                    "the camera lists no Media service (" + deviceUrl + ")", null);
        }
        return new ServiceAddresses(checkedAddress("Media", media), events.isEmpty() ? "" : checkedAddress("Events", events));
    }

    private String checkedAddress(String service, String address) {
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            throw new OnvifException(cameraId, "GetServices", OnvifFailure.BAD_ANSWER,
                    "invalid " + service + " address \"" + FailureTranslator.clean(address) + "\"", e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new OnvifException(cameraId, "GetServices", OnvifFailure.BAD_ANSWER,
                    "invalid " + service + " address \"" + FailureTranslator.clean(address) + "\" (expected: http(s)://)", null);
        }
        return address;
    }

    List<MediaProfile> profiles(String mediaAddress) {
        Media media = ports.create(Media.class, mediaAddress, timeout, true);
        GetProfilesResponse answer = call("GetProfiles", mediaAddress, () -> media.getProfiles(new GetProfiles()));
        List<MediaProfile> out = new ArrayList<>();
        for (Profile p : answer.getProfiles()) {
            if (p.getToken() == null || p.getToken().isEmpty()) {
                continue;
            }
            VideoSourceConfiguration vsc = p.getVideoSourceConfiguration();
            VideoEncoderConfiguration vec = p.getVideoEncoderConfiguration();
            out.add(new MediaProfile(p.getToken(), p.getName() == null ? "" : p.getName(),
                    vsc == null || vsc.getSourceToken() == null ? "" : vsc.getSourceToken(),
                    vsc == null || vsc.getToken() == null ? "" : vsc.getToken(),
                    vec == null || vec.getEncoding() == null ? "" : vec.getEncoding().value(),
                    vec == null || vec.getResolution() == null ? 0 : vec.getResolution().getWidth(),
                    vec == null || vec.getResolution() == null ? 0 : vec.getResolution().getHeight()));
        }
        return out;
    }

    /** The profile's RTP-Unicast over RTSP stream URI. */
    URI streamUri(String mediaAddress, String profileToken) {
        Media media = ports.create(Media.class, mediaAddress, timeout, true);
        GetStreamUri request = new GetStreamUri();
        StreamSetup setup = new StreamSetup();
        setup.setStream(StreamType.RTP_UNICAST);
        Transport transport = new Transport();
        transport.setProtocol(TransportProtocol.RTSP);
        setup.setTransport(transport);
        request.setStreamSetup(setup);
        request.setProfileToken(profileToken);
        GetStreamUriResponse answer = call("GetStreamUri", mediaAddress, () -> media.getStreamUri(request));
        String uri = answer.getMediaUri() == null ? null : answer.getMediaUri().getUri();
        if (uri == null || uri.isBlank()) {
            throw new OnvifException(cameraId, "GetStreamUri", OnvifFailure.BAD_ANSWER,
                    "no URI for profile " + profileToken + " (" + mediaAddress + ")", null);
        }
        try {
            URI parsed = URI.create(uri.trim());
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("rtsp") && !scheme.equals("rtsps") || parsed.getHost() == null) {
                throw new IllegalArgumentException("expected: rtsp://");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new OnvifException(cameraId, "GetStreamUri", OnvifFailure.BAD_ANSWER,
                    "not an RTSP URI: \"" + FailureTranslator.clean(StreamUris.withoutUserInfo(uri)) + "\"", e);
        }
    }

    private synchronized Device openDevice() {
        if (openDevice == null) {
            openDevice = ports.create(Device.class, deviceUrl, timeout, false);
        }
        return openDevice;
    }

    private synchronized Device securedDevice() {
        if (securedDevice == null) {
            securedDevice = ports.create(Device.class, deviceUrl, timeout, true);
        }
        return securedDevice;
    }

    private <T> T call(String operation, String address, java.util.function.Supplier<T> call) {
        return SoapCall.run(cameraId, operation, address, timeout, call);
    }
}
