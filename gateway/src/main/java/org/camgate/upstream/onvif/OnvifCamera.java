package org.camgate.upstream.onvif;

import org.camgate.config.SourceConfig;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One camera added by ONVIF address: reads its clock offset, services, profiles and stream URI, in that order
 * (the order real clients use). Blocking; every call bounded by the client's timeouts.
 */
final class OnvifCamera {
    private final String cameraId;
    private final SourceConfig.Onvif source;
    private final SoapPorts ports;
    private final CameraTime cameraTime;
    private final OnvifClientSettings settings;
    private final OnvifDevice device;

    OnvifCamera(String cameraId, SourceConfig.Onvif source, SoapPorts ports, CameraTime cameraTime,
                OnvifClientSettings settings) {
        this.cameraId = cameraId;
        this.source = source;
        this.ports = ports;
        this.cameraTime = cameraTime;
        this.settings = settings;
        this.device = new OnvifDevice(cameraId, source.url(), ports, cameraTime, settings.receiveTimeout());
    }

    String cameraId() {
        return cameraId;
    }

    ResolvedStream resolve() {
        device.measureClock();
        ServiceAddresses services = device.services();
        List<MediaProfile> profiles = device.profiles(services.media());
        MediaProfile profile = choose(profiles);
        URI uri = device.streamUri(services.media(), profile.token());
        return new ResolvedStream(StreamUris.strip(uri), StreamUris.credentials(uri, source.username(), source.password()),
                profile, services, cameraTime.offset());
    }

    /** The configured profile, or the first H.264 one, or the first one. */
    MediaProfile choose(List<MediaProfile> profiles) {
        if (profiles.isEmpty()) {
            throw new OnvifException(cameraId, "GetProfiles", OnvifFailure.UNSUPPORTED,
                    "the camera has no media profiles (" + source.url() + ")", null);
        }
        if (!source.profile().isEmpty()) {
            return profiles.stream().filter(p -> p.token().equals(source.profile())).findFirst()
                    .orElseThrow(() -> new OnvifException(cameraId, "GetProfiles", OnvifFailure.UNSUPPORTED,
                            "no profile \"" + source.profile() + "\" (the camera has: "
                                    + profiles.stream().map(MediaProfile::token).collect(Collectors.joining(", ")) + ")",
                            null));
        }
        return profiles.stream().filter(p -> p.encoding().toUpperCase(Locale.ROOT).equals("H264")).findFirst()
                .orElse(profiles.get(0));
    }

    /** The camera's events, on the address GetServices gave (a fresh adapter each time). */
    EventsPort events(ServiceAddresses services) {
        if (services.events().isEmpty()) {
            throw new OnvifException(cameraId, "GetServices", OnvifFailure.UNSUPPORTED,
                    "the camera lists no Events service (" + source.url() + ")", null);
        }
        return new OnvifEvents(cameraId, services.events(), ports, cameraTime, settings.receiveTimeout(),
                CameraTopics.of(source));
    }
}
