package org.camgate.upstream.onvif;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.SOAPBinding;
import org.apache.cxf.Bus;
import org.apache.cxf.configuration.security.AuthorizationPolicy;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.auth.DigestAuthSupplier;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.WSAddressingFeature;

import org.camgate.onvif.wsdl.device.Device;
import org.camgate.onvif.wsdl.events.EventPortType;
import org.camgate.onvif.wsdl.events.PullPointSubscription;
import org.camgate.onvif.wsdl.media.Media;

import javax.xml.namespace.QName;
import java.time.Duration;
import java.util.Map;

/**
 * Makes CXF JAX-WS client proxies for one camera: SOAP 1.2, connect and receive timeouts, bounded and
 * DTD-free XML parsing of answers, a WS-Security UsernameToken on every call when credentials are set, and
 * HTTP Digest when the camera answers 401.
 */
final class SoapPorts {
    /** CXF's StAX limits for answers (CXF never resolves DTDs or external entities) and transport settings. */
    private static final Map<String, Object> CLIENT_PROPERTIES = Map.of(
            "org.apache.cxf.stax.maxChildElements", 5_000,
            "org.apache.cxf.stax.maxElementDepth", 64,
            "org.apache.cxf.stax.maxAttributeCount", 64,
            "org.apache.cxf.stax.maxAttributeSize", 8_192,
            "org.apache.cxf.stax.maxTextLength", 256 * 1024,
            "org.apache.cxf.stax.maxElementCount", 200_000L,
            "org.apache.cxf.stax.maxXMLCharacters", 4L * 1024 * 1024,
            // HTTP/1.1 only: Java's client would otherwise offer an h2c upgrade on POST, which embedded camera
            // servers (and CXF's Netty server) do not answer.
            "org.apache.cxf.transport.http.forceVersion", "1.1",
            // Cameras add elements of their own and older schema versions: skip what is not understood.
            "set-jaxb-validation-event-handler", Boolean.FALSE,
            // Cameras send SOAP faults with HTTP 400 as well as 500: read them as faults.
            "org.apache.cxf.transport.process_fault_on_http_400", Boolean.TRUE);

    private final Bus bus;
    private final String username;
    private final String password;
    private final CameraTime cameraTime;
    private final Duration connectTimeout;

    SoapPorts(Bus bus, String username, String password, CameraTime cameraTime, Duration connectTimeout) {
        this.bus = bus;
        this.username = username;
        this.password = password;
        this.cameraTime = cameraTime;
        this.connectTimeout = connectTimeout;
    }

    boolean hasCredentials() {
        return !username.isEmpty();
    }

    /** A proxy of {@code type} at {@code address}; {@code secured} adds WS-Security and HTTP Digest. */
    <T> T create(Class<T> type, String address, Duration receiveTimeout, boolean secured) {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(type);
        factory.setAddress(address);
        factory.setBindingId(SOAPBinding.SOAP12HTTP_BINDING);
        // The service model comes from the project's WSDL (resolved offline through its catalog), not from schemas
        // CXF would otherwise generate and complete from the network.
        WsdlPort wsdl = WsdlPort.of(type);
        factory.setWsdlURL(wsdl.location());
        factory.setServiceName(wsdl.service());
        factory.setEndpointName(wsdl.port());
        factory.setProperties(new java.util.HashMap<>(CLIENT_PROPERTIES));
        if (secured && hasCredentials()) {
            factory.getOutInterceptors().add(new UsernameTokenInterceptor(username, password, cameraTime));
        }
        factory.getInInterceptors().add(new HttpStatusInterceptor());
        if (type == EventPortType.class || type == PullPointSubscription.class) {
            // Several cameras route pull-point calls by WS-Addressing To/Action rather than by URL.
            WSAddressingFeature addressing = new WSAddressingFeature();
            addressing.setAddressingRequired(false);
            factory.getFeatures().add(addressing);
        }
        T port = type.cast(factory.create());
        Client client = ClientProxy.getClient(port);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(connectTimeout.toMillis());
        policy.setReceiveTimeout(receiveTimeout.toMillis());
        policy.setAllowChunking(false);
        policy.setAutoRedirect(false);
        conduit.setClient(policy);
        if (secured && hasCredentials()) {
            AuthorizationPolicy auth = new AuthorizationPolicy();
            auth.setUserName(username);
            auth.setPassword(password);
            auth.setAuthorizationType("Digest");
            conduit.setAuthorization(auth);
            conduit.setAuthSupplier(new DigestAuthSupplier());
        }
        return port;
    }

    /** Where a port type is described in the onvif-wsdl jar. */
    private record WsdlPort(String location, QName service, QName port) {
        static final String TDS = "http://www.onvif.org/ver10/device/wsdl";
        static final String TRT = "http://www.onvif.org/ver10/media/wsdl";
        static final String TEV = "http://www.onvif.org/ver10/events/wsdl";

        static WsdlPort of(Class<?> type) {
            if (type == Device.class) {
                return new WsdlPort("classpath:onvif/ver10/device/wsdl/devicemgmt.wsdl", new QName(TDS, "DeviceService"),
                        new QName(TDS, "Device"));
            }
            if (type == Media.class) {
                return new WsdlPort("classpath:onvif/ver10/media/wsdl/media.wsdl", new QName(TRT, "MediaService"),
                        new QName(TRT, "Media"));
            }
            if (type == EventPortType.class) {
                return new WsdlPort("classpath:onvif/ver10/events/wsdl/event.wsdl", new QName(TEV, "EventService"),
                        new QName(TEV, "EventPortType"));
            }
            if (type == PullPointSubscription.class) {
                return new WsdlPort("classpath:onvif/ver10/events/wsdl/event.wsdl", new QName(TEV, "EventService"),
                        new QName(TEV, "PullPointSubscription"));
            }
            throw new IllegalArgumentException("no WSDL port for " + type.getName());
        }
    }

    /** Points an existing proxy at another address (a pull point's subscription address). */
    static void retarget(Object port, String address) {
        ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
    }

    /** Changes a proxy's receive timeout (PullMessages holds the call open for its own timeout). */
    static void receiveTimeout(Object port, Duration timeout) {
        HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(port).getConduit();
        conduit.getClient().setReceiveTimeout(timeout.toMillis());
    }
}
