package org.camgate.onvif;

import org.camgate.onvif.wsdl.media2.ConfigurationSet;
import org.camgate.onvif.wsdl.media2.MediaProfile;
import org.camgate.onvif.wsdl.schema.H264Configuration;
import org.camgate.onvif.wsdl.schema.H264Options;
import org.camgate.onvif.wsdl.schema.H264Profile;
import org.camgate.onvif.wsdl.schema.IPAddress;
import org.camgate.onvif.wsdl.schema.IPType;
import org.camgate.onvif.wsdl.schema.IntRange;
import org.camgate.onvif.wsdl.schema.IntRectangle;
import org.camgate.onvif.wsdl.schema.IntRectangleRange;
import org.camgate.onvif.wsdl.schema.MediaUri;
import org.camgate.onvif.wsdl.schema.MulticastConfiguration;
import org.camgate.onvif.wsdl.schema.Profile;
import org.camgate.onvif.wsdl.schema.VideoEncoder2Configuration;
import org.camgate.onvif.wsdl.schema.VideoEncoderConfiguration;
import org.camgate.onvif.wsdl.schema.VideoEncoderConfigurationOptions;
import org.camgate.onvif.wsdl.schema.VideoEncoding;
import org.camgate.onvif.wsdl.schema.VideoRateControl;
import org.camgate.onvif.wsdl.schema.VideoRateControl2;
import org.camgate.onvif.wsdl.schema.VideoResolution;
import org.camgate.onvif.wsdl.schema.VideoResolution2;
import org.camgate.onvif.wsdl.schema.VideoSource;
import org.camgate.onvif.wsdl.schema.VideoSourceConfiguration;
import org.camgate.onvif.wsdl.schema.VideoSourceConfigurationOptions;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.Duration;

/**
 * Adapter from what the gateway knows about a camera ({@link VideoInfo}) to ONVIF media types:
 * one video source, one source configuration, one encoder configuration and one profile per camera.
 */
public final class MediaTypes {
    /** Quality is not something the gateway controls; ONVIF wants a value in the advertised range. */
    private static final float QUALITY = 5f;
    private static final DatatypeFactory DATATYPES = datatypes();

    private MediaTypes() {
    }

    public static VideoSource videoSource(String cameraId, VideoInfo v) {
        VideoSource s = new VideoSource();
        s.setToken(Tokens.videoSource(cameraId));
        s.setFramerate(v.frameRate());
        s.setResolution(resolution(v));
        return s;
    }

    public static VideoSourceConfiguration sourceConfiguration(String cameraId, VideoInfo v) {
        VideoSourceConfiguration c = new VideoSourceConfiguration();
        c.setToken(Tokens.videoSourceConfiguration(cameraId));
        c.setName(cameraId);
        c.setUseCount(1);
        c.setSourceToken(Tokens.videoSource(cameraId));
        IntRectangle bounds = new IntRectangle();
        bounds.setX(0);
        bounds.setY(0);
        bounds.setWidth(v.width());
        bounds.setHeight(v.height());
        c.setBounds(bounds);
        return c;
    }

    public static VideoSourceConfigurationOptions sourceOptions(String cameraId, VideoInfo v) {
        VideoSourceConfigurationOptions o = new VideoSourceConfigurationOptions();
        IntRectangleRange r = new IntRectangleRange();
        r.setXRange(range(0, 0));
        r.setYRange(range(0, 0));
        r.setWidthRange(range(v.width(), v.width()));
        r.setHeightRange(range(v.height(), v.height()));
        o.setBoundsRange(r);
        o.getVideoSourceTokensAvailable().add(Tokens.videoSource(cameraId));
        o.setMaximumNumberOfProfiles(1);
        return o;
    }

    public static VideoEncoderConfiguration encoderConfiguration(String cameraId, VideoInfo v) {
        VideoEncoderConfiguration c = new VideoEncoderConfiguration();
        c.setToken(Tokens.videoEncoderConfiguration(cameraId));
        c.setName(cameraId);
        c.setUseCount(1);
        c.setEncoding(encoding(v));
        c.setResolution(resolution(v));
        c.setQuality(QUALITY);
        VideoRateControl rate = new VideoRateControl();
        rate.setFrameRateLimit(v.frameRate());
        rate.setEncodingInterval(1);
        rate.setBitrateLimit(v.bitrateKbps());
        c.setRateControl(rate);
        if (c.getEncoding() == VideoEncoding.H_264) {
            H264Configuration h264 = new H264Configuration();
            h264.setGovLength(Math.max(1, v.frameRate()));
            h264.setH264Profile(h264Profile(v));
            c.setH264(h264);
        }
        c.setMulticast(noMulticast());
        c.setSessionTimeout(duration("PT60S"));
        return c;
    }

    public static VideoEncoder2Configuration encoder2Configuration(String cameraId, VideoInfo v) {
        VideoEncoder2Configuration c = new VideoEncoder2Configuration();
        c.setToken(Tokens.videoEncoderConfiguration(cameraId));
        c.setName(cameraId);
        c.setUseCount(1);
        c.setEncoding(v.encoding());
        VideoResolution2 r = new VideoResolution2();
        r.setWidth(v.width());
        r.setHeight(v.height());
        c.setResolution(r);
        VideoRateControl2 rate = new VideoRateControl2();
        rate.setFrameRateLimit(v.frameRate());
        rate.setBitrateLimit(v.bitrateKbps());
        c.setRateControl(rate);
        c.setMulticast(noMulticast());
        c.setQuality(QUALITY);
        if (v.h264Profile() != null) {
            c.setProfile(v.h264Profile());
        }
        return c;
    }

    public static VideoEncoderConfigurationOptions encoderOptions(VideoInfo v) {
        VideoEncoderConfigurationOptions o = new VideoEncoderConfigurationOptions();
        o.setQualityRange(range(0, 10));
        if (encoding(v) == VideoEncoding.H_264) {
            H264Options h = new H264Options();
            h.getResolutionsAvailable().add(resolution(v));
            h.setGovLengthRange(range(1, Math.max(1, v.frameRate())));
            h.setFrameRateRange(range(v.frameRate(), v.frameRate()));
            h.setEncodingIntervalRange(range(1, 1));
            h.getH264ProfilesSupported().add(h264Profile(v));
            o.setH264(h);
        }
        o.setGuaranteedFrameRateSupported(false);
        return o;
    }

    public static Profile profile(String cameraId, VideoInfo v) {
        Profile p = new Profile();
        p.setToken(Tokens.profile(cameraId));
        p.setName(cameraId);
        p.setFixed(true);
        p.setVideoSourceConfiguration(sourceConfiguration(cameraId, v));
        p.setVideoEncoderConfiguration(encoderConfiguration(cameraId, v));
        return p;
    }

    public static MediaProfile profile2(String cameraId, VideoInfo v) {
        MediaProfile p = new MediaProfile();
        p.setToken(Tokens.profile(cameraId));
        p.setName(cameraId);
        p.setFixed(true);
        ConfigurationSet set = new ConfigurationSet();
        set.setVideoSource(sourceConfiguration(cameraId, v));
        set.setVideoEncoder(encoder2Configuration(cameraId, v));
        p.setConfigurations(set);
        return p;
    }

    public static MediaUri mediaUri(String uri) {
        MediaUri m = new MediaUri();
        m.setUri(uri);
        m.setInvalidAfterConnect(false);
        m.setInvalidAfterReboot(false);
        m.setTimeout(duration("PT0S"));
        return m;
    }

    static Duration duration(String lexical) {
        return DATATYPES.newDuration(lexical);
    }

    static DatatypeFactory datatypeFactory() {
        return DATATYPES;
    }

    private static VideoEncoding encoding(VideoInfo v) {
        return switch (v.encoding()) {
            case "JPEG" -> VideoEncoding.JPEG;
            case "MP4V-ES" -> VideoEncoding.MPEG_4;
            default -> VideoEncoding.H_264;
        };
    }

    private static H264Profile h264Profile(VideoInfo v) {
        String name = v.h264Profile() == null ? "Main" : v.h264Profile();
        return H264Profile.fromValue(name);
    }

    private static VideoResolution resolution(VideoInfo v) {
        VideoResolution r = new VideoResolution();
        r.setWidth(v.width());
        r.setHeight(v.height());
        return r;
    }

    private static MulticastConfiguration noMulticast() {
        MulticastConfiguration m = new MulticastConfiguration();
        IPAddress a = new IPAddress();
        a.setType(IPType.I_PV_4);
        a.setIPv4Address("0.0.0.0");
        m.setAddress(a);
        m.setPort(0);
        m.setTTL(0);
        m.setAutoStart(false);
        return m;
    }

    private static IntRange range(int min, int max) {
        IntRange r = new IntRange();
        r.setMin(min);
        r.setMax(max);
        return r;
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("no XML datatype factory", e);
        }
    }
}
