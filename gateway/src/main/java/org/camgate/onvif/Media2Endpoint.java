package org.camgate.onvif;

import jakarta.jws.WebService;
import org.camgate.onvif.wsdl.media2.Capabilities2;
import org.camgate.onvif.wsdl.media2.GetProfiles;
import org.camgate.onvif.wsdl.media2.GetProfilesResponse;
import org.camgate.onvif.wsdl.media2.GetServiceCapabilities;
import org.camgate.onvif.wsdl.media2.GetServiceCapabilitiesResponse;
import org.camgate.onvif.wsdl.media2.GetSnapshotUri;
import org.camgate.onvif.wsdl.media2.GetSnapshotUriResponse;
import org.camgate.onvif.wsdl.media2.GetStreamUri;
import org.camgate.onvif.wsdl.media2.GetStreamUriResponse;
import org.camgate.onvif.wsdl.media2.GetVideoEncoderConfigurations;
import org.camgate.onvif.wsdl.media2.GetVideoEncoderConfigurationsResponse;
import org.camgate.onvif.wsdl.media2.GetVideoSourceConfigurations;
import org.camgate.onvif.wsdl.media2.GetVideoSourceConfigurationsResponse;
import org.camgate.onvif.wsdl.media2.Media2;
import org.camgate.onvif.wsdl.media2.ProfileCapabilities;
import org.camgate.onvif.wsdl.media2.StreamingCapabilities;

import java.util.List;

/** Media2 (ver20): the same cameras and URIs as Media, in the ver20 shapes. */
@WebService(serviceName = "Media2Service", portName = "Media2", targetNamespace = "http://www.onvif.org/ver20/media/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.media2.Media2",
        wsdlLocation = "classpath:onvif/ver20/media/wsdl/media.wsdl")
public final class Media2Endpoint implements Media2 {
    private static final List<String> STREAM_PROTOCOLS = List.of("RTSP", "RtspUnicast", "RTSPUnicast", "RtspOverHttp");

    private final MediaAccess media;

    public Media2Endpoint(MediaAccess media) {
        this.media = media;
    }

    static Capabilities2 capabilities() {
        Capabilities2 c = new Capabilities2();
        ProfileCapabilities profiles = new ProfileCapabilities();
        profiles.setMaximumNumberOfProfiles(0);
        profiles.setConfigurationsSupported("VideoSource VideoEncoder");
        c.setProfileCapabilities(profiles);
        StreamingCapabilities streaming = new StreamingCapabilities();
        streaming.setRTSPStreaming(true);
        streaming.setRTPMulticast(false);
        streaming.setRTPRTSPTCP(true);
        streaming.setNonAggregateControl(false);
        streaming.setAutoStartMulticast(false);
        c.setStreamingCapabilities(streaming);
        c.setSnapshotUri(true);
        return c;
    }

    @Override
    public GetServiceCapabilitiesResponse getServiceCapabilities(GetServiceCapabilities parameters) {
        GetServiceCapabilitiesResponse r = new GetServiceCapabilitiesResponse();
        r.setCapabilities(capabilities());
        return r;
    }

    @Override
    public GetProfilesResponse getProfiles(GetProfiles parameters) {
        OnvifCaller caller = Calls.user();
        GetProfilesResponse r = new GetProfilesResponse();
        List<String> cameras = parameters != null && parameters.getToken() != null
                ? List.of(media.camera(caller, parameters.getToken(), "NoProfile"))
                : media.visibleCameras(caller);
        for (String camera : cameras) {
            r.getProfiles().add(MediaTypes.profile2(camera, media.video(camera)));
        }
        return r;
    }

    @Override
    public GetVideoSourceConfigurationsResponse getVideoSourceConfigurations(GetVideoSourceConfigurations parameters) {
        OnvifCaller caller = Calls.user();
        GetVideoSourceConfigurationsResponse r = new GetVideoSourceConfigurationsResponse();
        for (String camera : select(caller, parameters.getConfigurationToken(), parameters.getProfileToken())) {
            r.getConfigurations().add(MediaTypes.sourceConfiguration(camera, media.video(camera)));
        }
        return r;
    }

    @Override
    public GetVideoEncoderConfigurationsResponse getVideoEncoderConfigurations(GetVideoEncoderConfigurations parameters) {
        OnvifCaller caller = Calls.user();
        GetVideoEncoderConfigurationsResponse r = new GetVideoEncoderConfigurationsResponse();
        for (String camera : select(caller, parameters.getConfigurationToken(), parameters.getProfileToken())) {
            r.getConfigurations().add(MediaTypes.encoder2Configuration(camera, media.video(camera)));
        }
        return r;
    }

    @Override
    public GetStreamUriResponse getStreamUri(GetStreamUri parameters) {
        OnvifCaller caller = Calls.user();
        String camera = media.camera(caller, parameters.getProfileToken(), "NoProfile");
        checkProtocol(parameters.getProtocol());
        GetStreamUriResponse r = new GetStreamUriResponse();
        r.setUri(media.streamUri(caller, camera, "Media2.GetStreamUri"));
        return r;
    }

    /** A GetStreamUri protocol the gateway serves (null: any), else an InvalidStreamSetup fault. */
    static void checkProtocol(String protocol) {
        if (protocol != null && STREAM_PROTOCOLS.stream().noneMatch(p -> p.equalsIgnoreCase(protocol))) {
            throw OnvifFaults.invalidArgVal("InvalidStreamSetup", "unsupported protocol " + protocol
                    + " (expected: RTSP or RtspUnicast)");
        }
    }

    @Override
    public GetSnapshotUriResponse getSnapshotUri(GetSnapshotUri parameters) {
        OnvifCaller caller = Calls.user();
        String camera = media.camera(caller, parameters.getProfileToken(), "NoProfile");
        GetSnapshotUriResponse r = new GetSnapshotUriResponse();
        r.setUri(media.snapshotUri(caller, camera, "Media2.GetSnapshotUri"));
        return r;
    }

    private List<String> select(OnvifCaller caller, String configuration, String profile) {
        if (configuration != null) {
            return List.of(media.camera(caller, configuration, "NoConfig"));
        }
        if (profile != null) {
            return List.of(media.camera(caller, profile, "NoProfile"));
        }
        return media.visibleCameras(caller);
    }
}
