package org.camgate.sim.onvif;

import jakarta.jws.WebService;
import org.camgate.onvif.wsdl.media.GetProfile;
import org.camgate.onvif.wsdl.media.GetProfileResponse;
import org.camgate.onvif.wsdl.media.GetStreamUri;
import org.camgate.onvif.wsdl.media.GetStreamUriResponse;
import org.camgate.onvif.wsdl.media.CreateProfile;
import org.camgate.onvif.wsdl.media.CreateProfileResponse;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurations;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfiguration;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurationResponse;
import org.camgate.onvif.wsdl.media.GetServiceCapabilities;
import org.camgate.onvif.wsdl.media.GetServiceCapabilitiesResponse;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurationOptions;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurationOptionsResponse;
import org.camgate.onvif.wsdl.media.GetAudioEncoderConfigurations;
import org.camgate.onvif.wsdl.media.GetAudioEncoderConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetAudioSources;
import org.camgate.onvif.wsdl.media.GetAudioSourcesResponse;
import org.camgate.onvif.wsdl.media.GetVideoSources;
import org.camgate.onvif.wsdl.media.GetVideoSourcesResponse;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfiguration;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurationResponse;
import org.camgate.onvif.wsdl.media.GetCompatibleVideoSourceConfigurations;
import org.camgate.onvif.wsdl.media.GetCompatibleVideoSourceConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurations;
import org.camgate.onvif.wsdl.media.GetVideoEncoderConfigurationsResponse;
import org.camgate.onvif.wsdl.media.DeleteProfile;
import org.camgate.onvif.wsdl.media.DeleteProfileResponse;
import org.camgate.onvif.wsdl.media.GetCompatibleVideoEncoderConfigurations;
import org.camgate.onvif.wsdl.media.GetCompatibleVideoEncoderConfigurationsResponse;
import org.camgate.onvif.wsdl.media.GetProfiles;
import org.camgate.onvif.wsdl.media.GetProfilesResponse;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurationOptions;
import org.camgate.onvif.wsdl.media.GetVideoSourceConfigurationOptionsResponse;
import org.camgate.onvif.wsdl.media.GetSnapshotUri;
import org.camgate.onvif.wsdl.media.GetSnapshotUriResponse;
import org.camgate.onvif.wsdl.media.Media;
import org.camgate.onvif.wsdl.schema.IntRectangle;
import org.camgate.onvif.wsdl.schema.MediaUri;
import org.camgate.onvif.wsdl.schema.Profile;
import org.camgate.onvif.wsdl.schema.StreamType;
import org.camgate.onvif.wsdl.schema.TransportProtocol;
import org.camgate.onvif.wsdl.schema.VideoEncoderConfiguration;
import org.camgate.onvif.wsdl.schema.VideoEncoding;
import org.camgate.onvif.wsdl.schema.VideoRateControl;
import org.camgate.onvif.wsdl.schema.VideoResolution;
import org.camgate.onvif.wsdl.schema.VideoSource;
import org.camgate.onvif.wsdl.schema.VideoSourceConfiguration;
import org.camgate.sim.camera.SimCameraConfig;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import java.util.function.Supplier;

/**
 * The simulated media service: one H.264 profile ({@value #PROFILE}) describing the RTSP camera behind it, and
 * its stream URI (RTP unicast over RTSP) on the simulated RTSP server; other operations answer
 * {@code ter:ActionNotSupported}.
 */
@WebService(serviceName = "MediaService", portName = "Media", targetNamespace = "http://www.onvif.org/ver10/media/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.media.Media",
        wsdlLocation = "classpath:onvif/ver10/media/wsdl/media.wsdl")
final class SimMedia implements Media {
    static final String PROFILE = "main";
    static final String VIDEO_SOURCE = "vs0";
    static final String VIDEO_SOURCE_CONFIG = "vsc0";

    private final SimCameraConfig camera;
    private final Supplier<String> streamUri;

    SimMedia(SimCameraConfig camera, Supplier<String> streamUri) {
        this.camera = camera;
        this.streamUri = streamUri;
    }

    private Profile profile() {
        VideoSourceConfiguration vsc = new VideoSourceConfiguration();
        vsc.setToken(VIDEO_SOURCE_CONFIG);
        vsc.setName("video source");
        vsc.setUseCount(1);
        vsc.setSourceToken(VIDEO_SOURCE);
        IntRectangle bounds = new IntRectangle();
        bounds.setWidth(camera.width());
        bounds.setHeight(camera.height());
        vsc.setBounds(bounds);
        VideoEncoderConfiguration vec = new VideoEncoderConfiguration();
        vec.setToken("enc0");
        vec.setName("H.264 main");
        vec.setUseCount(1);
        vec.setEncoding(VideoEncoding.H_264);
        VideoResolution resolution = new VideoResolution();
        resolution.setWidth(camera.width());
        resolution.setHeight(camera.height());
        vec.setResolution(resolution);
        vec.setQuality(5);
        VideoRateControl rate = new VideoRateControl();
        rate.setFrameRateLimit(camera.fps());
        rate.setEncodingInterval(1);
        rate.setBitrateLimit(camera.bitrateKbps());
        vec.setRateControl(rate);
        vec.setSessionTimeout(duration(60_000));
        Profile p = new Profile();
        p.setToken(PROFILE);
        p.setFixed(Boolean.TRUE);
        p.setName(PROFILE);
        p.setVideoSourceConfiguration(vsc);
        p.setVideoEncoderConfiguration(vec);
        return p;
    }

    private static javax.xml.datatype.Duration duration(long millis) {
        try {
            return DatatypeFactory.newInstance().newDuration(millis);
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public GetProfilesResponse getProfiles(GetProfiles parameters) {
        GetProfilesResponse r = new GetProfilesResponse();
        r.getProfiles().add(profile());
        return r;
    }

    @Override
    public GetProfileResponse getProfile(GetProfile parameters) {
        if (!PROFILE.equals(parameters.getProfileToken())) {
            throw SimFaults.invalidArg("no such profile");
        }
        GetProfileResponse r = new GetProfileResponse();
        r.setProfile(profile());
        return r;
    }

    @Override
    public GetStreamUriResponse getStreamUri(GetStreamUri parameters) {
        if (!PROFILE.equals(parameters.getProfileToken())) {
            throw SimFaults.invalidArg("no such profile");
        }
        if (parameters.getStreamSetup() != null && parameters.getStreamSetup().getStream() == StreamType.RTP_MULTICAST) {
            throw SimFaults.invalidArg("multicast is not supported");
        }
        if (parameters.getStreamSetup() != null && parameters.getStreamSetup().getTransport() != null
                && parameters.getStreamSetup().getTransport().getProtocol() == TransportProtocol.HTTP) {
            throw SimFaults.invalidArg("RTSP over HTTP is not supported");
        }
        MediaUri uri = new MediaUri();
        uri.setUri(streamUri.get());
        uri.setInvalidAfterConnect(false);
        uri.setInvalidAfterReboot(true);
        uri.setTimeout(duration(0));
        GetStreamUriResponse r = new GetStreamUriResponse();
        r.setMediaUri(uri);
        return r;
    }

    @Override
    public GetVideoSourcesResponse getVideoSources(GetVideoSources parameters) {
        VideoSource source = new VideoSource();
        source.setToken(VIDEO_SOURCE);
        source.setFramerate(camera.fps());
        VideoResolution resolution = new VideoResolution();
        resolution.setWidth(camera.width());
        resolution.setHeight(camera.height());
        source.setResolution(resolution);
        GetVideoSourcesResponse r = new GetVideoSourcesResponse();
        r.getVideoSources().add(source);
        return r;
    }

    @Override
    public CreateProfileResponse createProfile(CreateProfile parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetVideoSourceConfigurationsResponse getVideoSourceConfigurations(GetVideoSourceConfigurations parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetVideoEncoderConfigurationResponse getVideoEncoderConfiguration(GetVideoEncoderConfiguration parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetServiceCapabilitiesResponse getServiceCapabilities(GetServiceCapabilities parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetVideoEncoderConfigurationOptionsResponse getVideoEncoderConfigurationOptions(GetVideoEncoderConfigurationOptions parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetAudioEncoderConfigurationsResponse getAudioEncoderConfigurations(GetAudioEncoderConfigurations parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetAudioSourcesResponse getAudioSources(GetAudioSources parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetVideoSourceConfigurationResponse getVideoSourceConfiguration(GetVideoSourceConfiguration parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetCompatibleVideoSourceConfigurationsResponse getCompatibleVideoSourceConfigurations(GetCompatibleVideoSourceConfigurations parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetVideoEncoderConfigurationsResponse getVideoEncoderConfigurations(GetVideoEncoderConfigurations parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public DeleteProfileResponse deleteProfile(DeleteProfile parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetCompatibleVideoEncoderConfigurationsResponse getCompatibleVideoEncoderConfigurations(GetCompatibleVideoEncoderConfigurations parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetVideoSourceConfigurationOptionsResponse getVideoSourceConfigurationOptions(GetVideoSourceConfigurationOptions parameters) {
        throw SimFaults.notSupported();
    }

    @Override
    public GetSnapshotUriResponse getSnapshotUri(GetSnapshotUri parameters) {
        throw SimFaults.notSupported();
    }
}
