package org.camgate.onvif;

import jakarta.jws.WebService;
import org.camgate.onvif.wsdl.media.Capabilities;
import org.camgate.onvif.wsdl.media.CreateProfile;
import org.camgate.onvif.wsdl.media.CreateProfileResponse;
import org.camgate.onvif.wsdl.media.DeleteProfile;
import org.camgate.onvif.wsdl.media.DeleteProfileResponse;
import org.camgate.onvif.wsdl.media.GetAudioEncoderConfigurations;
import org.camgate.onvif.wsdl.media.GetAudioEncoderConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetAudioSources;
import org.camgate.onvif.wsdl.media.GetAudioSourcesResponse;
import org.camgate.onvif.wsdl.media.GetCompatibleVideoEncoderConfigurations;
import org.camgate.onvif.wsdl.media.GetCompatibleVideoEncoderConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetCompatibleVideoSourceConfigurations;
import org.camgate.onvif.wsdl.media.GetCompatibleVideoSourceConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetProfile;
import org.camgate.onvif.wsdl.media.GetProfileResponse;
import org.camgate.onvif.wsdl.media.GetProfiles;
import org.camgate.onvif.wsdl.media.GetProfilesResponse;
import org.camgate.onvif.wsdl.media.GetServiceCapabilities;
import org.camgate.onvif.wsdl.media.GetServiceCapabilitiesResponse;
import org.camgate.onvif.wsdl.media.GetSnapshotUri;
import org.camgate.onvif.wsdl.media.GetSnapshotUriResponse;
import org.camgate.onvif.wsdl.media.GetStreamUri;
import org.camgate.onvif.wsdl.media.GetStreamUriResponse;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfiguration;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurationOptions;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurationOptionsResponse;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurationResponse;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurations;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfiguration;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurationOptions;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurationOptionsResponse;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurationResponse;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurations;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetVideoSources;
import org.camgate.onvif.wsdl.media.GetVideoSourcesResponse;
import org.camgate.onvif.wsdl.media.Media;
import org.camgate.onvif.wsdl.media.ProfileCapabilities;
import org.camgate.onvif.wsdl.media.StreamingCapabilities;

/** Media (ver10): one fixed profile per camera the caller may see; stream URIs point at the RTSP proxy. */
@WebService(serviceName = "MediaService", portName = "Media", targetNamespace = "http://www.onvif.org/ver10/media/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.media.Media",
        wsdlLocation = "classpath:onvif/ver10/media/wsdl/media.wsdl")
public final class MediaEndpoint implements Media {
    private final MediaAccess media;

    public MediaEndpoint(MediaAccess media) {
        this.media = media;
    }

    static Capabilities capabilities() {
        Capabilities c = new Capabilities();
        ProfileCapabilities profiles = new ProfileCapabilities();
        profiles.setMaximumNumberOfProfiles(0);
        c.setProfileCapabilities(profiles);
        StreamingCapabilities streaming = new StreamingCapabilities();
        streaming.setRTPMulticast(false);
        streaming.setRTPTCP(true);
        streaming.setRTPRTSPTCP(true);
        streaming.setNonAggregateControl(false);
        streaming.setNoRTSPStreaming(false);
        c.setStreamingCapabilities(streaming);
        c.setSnapshotUri(true);
        c.setRotation(false);
        c.setVideoSourceMode(false);
        c.setOSD(false);
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
        for (String camera : media.visibleCameras(caller)) {
            r.getProfiles().add(MediaTypes.profile(camera, media.video(camera)));
        }
        return r;
    }

    @Override
    public GetProfileResponse getProfile(GetProfile parameters) {
        String camera = media.camera(Calls.user(), parameters.getProfileToken(), "NoProfile");
        GetProfileResponse r = new GetProfileResponse();
        r.setProfile(MediaTypes.profile(camera, media.video(camera)));
        return r;
    }

    @Override
    public CreateProfileResponse createProfile(CreateProfile parameters) {
        Calls.user();
        throw OnvifFaults.action("MaxNVTProfiles", "profiles are fixed: one per camera");
    }

    @Override
    public DeleteProfileResponse deleteProfile(DeleteProfile parameters) {
        media.camera(Calls.user(), parameters.getProfileToken(), "NoProfile");
        throw OnvifFaults.action("DeletionOfFixedProfile", "profiles are fixed: one per camera");
    }

    @Override
    public GetVideoSourcesResponse getVideoSources(GetVideoSources parameters) {
        OnvifCaller caller = Calls.user();
        GetVideoSourcesResponse r = new GetVideoSourcesResponse();
        for (String camera : media.visibleCameras(caller)) {
            r.getVideoSources().add(MediaTypes.videoSource(camera, media.video(camera)));
        }
        return r;
    }

    @Override
    public GetVideoSourceConfigurationsResponse getVideoSourceConfigurations(GetVideoSourceConfigurations parameters) {
        OnvifCaller caller = Calls.user();
        GetVideoSourceConfigurationsResponse r = new GetVideoSourceConfigurationsResponse();
        for (String camera : media.visibleCameras(caller)) {
            r.getConfigurations().add(MediaTypes.sourceConfiguration(camera, media.video(camera)));
        }
        return r;
    }

    @Override
    public GetVideoSourceConfigurationResponse getVideoSourceConfiguration(GetVideoSourceConfiguration parameters) {
        String camera = media.camera(Calls.user(), parameters.getConfigurationToken(), "NoConfig");
        GetVideoSourceConfigurationResponse r = new GetVideoSourceConfigurationResponse();
        r.setConfiguration(MediaTypes.sourceConfiguration(camera, media.video(camera)));
        return r;
    }

    @Override
    public GetCompatibleVideoSourceConfigurationsResponse getCompatibleVideoSourceConfigurations(
            GetCompatibleVideoSourceConfigurations parameters) {
        String camera = media.camera(Calls.user(), parameters.getProfileToken(), "NoProfile");
        GetCompatibleVideoSourceConfigurationsResponse r = new GetCompatibleVideoSourceConfigurationsResponse();
        r.getConfigurations().add(MediaTypes.sourceConfiguration(camera, media.video(camera)));
        return r;
    }

    @Override
    public GetVideoSourceConfigurationOptionsResponse getVideoSourceConfigurationOptions(
            GetVideoSourceConfigurationOptions parameters) {
        String camera = media.camera(Calls.user(), token(parameters.getConfigurationToken(), parameters.getProfileToken()),
                "NoConfig");
        GetVideoSourceConfigurationOptionsResponse r = new GetVideoSourceConfigurationOptionsResponse();
        r.setOptions(MediaTypes.sourceOptions(camera, media.video(camera)));
        return r;
    }

    @Override
    public GetVideoEncoderConfigurationsResponse getVideoEncoderConfigurations(GetVideoEncoderConfigurations parameters) {
        OnvifCaller caller = Calls.user();
        GetVideoEncoderConfigurationsResponse r = new GetVideoEncoderConfigurationsResponse();
        for (String camera : media.visibleCameras(caller)) {
            r.getConfigurations().add(MediaTypes.encoderConfiguration(camera, media.video(camera)));
        }
        return r;
    }

    @Override
    public GetVideoEncoderConfigurationResponse getVideoEncoderConfiguration(GetVideoEncoderConfiguration parameters) {
        String camera = media.camera(Calls.user(), parameters.getConfigurationToken(), "NoConfig");
        GetVideoEncoderConfigurationResponse r = new GetVideoEncoderConfigurationResponse();
        r.setConfiguration(MediaTypes.encoderConfiguration(camera, media.video(camera)));
        return r;
    }

    @Override
    public GetCompatibleVideoEncoderConfigurationsResponse getCompatibleVideoEncoderConfigurations(
            GetCompatibleVideoEncoderConfigurations parameters) {
        String camera = media.camera(Calls.user(), parameters.getProfileToken(), "NoProfile");
        GetCompatibleVideoEncoderConfigurationsResponse r = new GetCompatibleVideoEncoderConfigurationsResponse();
        r.getConfigurations().add(MediaTypes.encoderConfiguration(camera, media.video(camera)));
        return r;
    }

    @Override
    public GetVideoEncoderConfigurationOptionsResponse getVideoEncoderConfigurationOptions(
            GetVideoEncoderConfigurationOptions parameters) {
        String camera = media.camera(Calls.user(), token(parameters.getConfigurationToken(), parameters.getProfileToken()),
                "NoConfig");
        GetVideoEncoderConfigurationOptionsResponse r = new GetVideoEncoderConfigurationOptionsResponse();
        r.setOptions(MediaTypes.encoderOptions(media.video(camera)));
        return r;
    }

    @Override
    public GetAudioSourcesResponse getAudioSources(GetAudioSources parameters) {
        Calls.user();
        return new GetAudioSourcesResponse(); // audio is never forwarded to ONVIF clients
    }

    @Override
    public GetAudioEncoderConfigurationsResponse getAudioEncoderConfigurations(GetAudioEncoderConfigurations parameters) {
        Calls.user();
        return new GetAudioEncoderConfigurationsResponse();
    }

    @Override
    public GetStreamUriResponse getStreamUri(GetStreamUri parameters) {
        OnvifCaller caller = Calls.user();
        String camera = media.camera(caller, parameters.getProfileToken(), "NoProfile");
        GetStreamUriResponse r = new GetStreamUriResponse();
        r.setMediaUri(MediaTypes.mediaUri(media.streamUri(caller, camera, "GetStreamUri")));
        return r;
    }

    @Override
    public GetSnapshotUriResponse getSnapshotUri(GetSnapshotUri parameters) {
        OnvifCaller caller = Calls.user();
        String camera = media.camera(caller, parameters.getProfileToken(), "NoProfile");
        GetSnapshotUriResponse r = new GetSnapshotUriResponse();
        r.setMediaUri(MediaTypes.mediaUri(media.snapshotUri(caller, camera, "GetSnapshotUri")));
        return r;
    }

    private static String token(String configuration, String profile) {
        return configuration != null ? configuration : profile;
    }
}
