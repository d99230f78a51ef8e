package org.camgate.onvif;

import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.phase.Phase;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.protocol.auth.DigestClient;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Simulated cameras and a gateway with ONVIF on free loopback ports, plus CXF and raw HTTP clients for it. */
final class OnvifFixture implements AutoCloseable {
    static {
        // The JDK HttpClient conduit stalls on a 401 to a streamed POST; the URLConnection one reports it.
        System.setProperty("org.apache.cxf.transport.http.forceURLConnection", "true");
    }

    final SimCameraServer cameras;
    final Gateway gateway;
    final Path auditFile;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OnvifFixture(Path dir, List<SimCameraConfig> simCameras, String camerasYaml, String onvifExtra) throws Exception {
        this(dir, simCameras, camerasYaml, onvifExtra, "", "");
    }

    /**
     * @param accessYaml a top-level {@code access:} section, or empty
     * @param extraUsers more {@code users:} entries (YAML list items indented by two), or empty
     */
    OnvifFixture(Path dir, List<SimCameraConfig> simCameras, String camerasYaml, String onvifExtra, String accessYaml,
                 String extraUsers) throws Exception {
        cameras = new SimCameraServer("127.0.0.1", 0, simCameras).start();
        auditFile = dir.resolve("audit.log");
        String yaml = """
                site: onvif-test
                rtsp:
                  listen: 127.0.0.1:0
                  udp: { enabled: true, rtpPort: 0, rtcpPort: 0 }
                  upstreamLinger: 1s
                  reconnectMin: 200ms
                  reconnectMax: 1s
                onvif:
                  listen: 127.0.0.1:0
                """ + onvifExtra + accessYaml + """
                mqtt:                      # no broker: a closed port, events stay in the test's outbox
                  broker: tcp://127.0.0.1:1
                  outbox: { dir: "${OUTBOX}" }
                audit:
                  file: ${AUDIT}
                  refusals: { limit: 100000 }   # every test client shares loopback: no summaries
                users:
                  - name: nvr
                    password: secret
                    cameras: ["*"]
                  - name: guest
                    password: guest
                    cameras: [lobby]
                """ + extraUsers + """
                cameras:
                """ + camerasYaml;
        GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml",
                Map.of("CAMERA", "rtsp://127.0.0.1:" + cameras.port(), "AUDIT", auditFile.toString(),
                        "OUTBOX", dir.resolve("outbox").toString()));
        gateway = new Gateway(config);
        try {
            gateway.start();
        } catch (RuntimeException e) {
            cameras.stop();
            throw e;
        }
    }

    String base() {
        return "http://127.0.0.1:" + gateway.onvifAddress().getPort();
    }

    java.net.InetSocketAddress onvif() {
        return new java.net.InetSocketAddress("127.0.0.1", gateway.onvifAddress().getPort());
    }

    /** A raw HTTP connection to the ONVIF port from {@code localAddress} (any 127.0.0.x). */
    RawHttp from(String localAddress) throws java.io.IOException {
        return new RawHttp(localAddress, onvif());
    }

    /** A CXF client for {@code sei} at {@code path}; with a user, every call carries a fresh WS-Security UsernameToken. */
    <T> T client(Class<T> sei, String path, String user, String password) {
        JaxWsProxyFactoryBean f = factory(sei);
        f.setServiceClass(sei);
        f.setAddress(base() + path);
        f.setBindingId("http://www.w3.org/2003/05/soap/bindings/HTTP/");
        if (user != null) {
            f.getOutInterceptors().add(new UsernameTokenOut(user, password, () -> Instant.now()));
        }
        T port = f.create(sei);
        Client c = ClientProxy.getClient(port);
        org.apache.cxf.transport.http.HTTPConduit conduit = (org.apache.cxf.transport.http.HTTPConduit) c.getConduit();
        conduit.getClient().setReceiveTimeout(75_000);
        return port;
    }

    /** A client for an absolute address (a subscription reference). */
    <T> T clientAt(Class<T> sei, String address, String user, String password) {
        JaxWsProxyFactoryBean f = factory(sei);
        f.setServiceClass(sei);
        f.setAddress(address);
        f.setBindingId("http://www.w3.org/2003/05/soap/bindings/HTTP/");
        f.getOutInterceptors().add(new UsernameTokenOut(user, password, () -> Instant.now()));
        T port = f.create(sei);
        ((org.apache.cxf.transport.http.HTTPConduit) ClientProxy.getClient(port).getConduit()).getClient()
                .setReceiveTimeout(75_000);
        return port;
    }

    /** A proxy factory built from the project's WSDL for {@code sei} (not from the classes). */
    static JaxWsProxyFactoryBean factory(Class<?> sei) {
        String[] w = switch (sei.getSimpleName()) {
            case "Device" -> new String[] {"onvif/ver10/device/wsdl/devicemgmt.wsdl", "http://www.onvif.org/ver10/device/wsdl", "DeviceService"};
            case "Media" -> new String[] {"onvif/ver10/media/wsdl/media.wsdl", "http://www.onvif.org/ver10/media/wsdl", "MediaService"};
            case "Media2" -> new String[] {"onvif/ver20/media/wsdl/media.wsdl", "http://www.onvif.org/ver20/media/wsdl", "Media2Service"};
            default -> new String[] {"onvif/ver10/events/wsdl/event.wsdl", "http://www.onvif.org/ver10/events/wsdl", "EventService"};
        };
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setWsdlURL("classpath:" + w[0]);
        f.setServiceName(new javax.xml.namespace.QName(w[1], w[2]));
        f.setEndpointName(new javax.xml.namespace.QName(w[1], sei.getSimpleName()));
        return f;
    }

    /** POSTs a raw SOAP 1.2 envelope. */
    HttpResponse<String> post(String path, String envelope, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/soap+xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(envelope));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with HTTP Digest (answering the first 401's challenge). */
    HttpResponse<byte[]> getWithDigest(String url, String user, String password) throws Exception {
        HttpResponse<byte[]> first = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (first.statusCode() != 401) {
            return first;
        }
        DigestClient digest = new DigestClient(user, password);
        digest.onUnauthorized(first.headers().allValues("WWW-Authenticate"));
        URI uri = URI.create(url);
        String auth = digest.authorization("GET", uri.getRawPath());
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    List<String> audit() throws java.io.IOException {
        return Files.exists(auditFile) ? Files.readAllLines(auditFile) : List.of();
    }

    static String envelope(String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
                + "<s:Header>" + header + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    /** An envelope with {@code body} and a fresh WS-Security UsernameToken (random nonce, Created now). */
    static String ws(String user, String password, String body) {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        return envelope(securityHeader(user, password, Instant.now(), nonce), body);
    }

    /** A WS-Security header for a raw request. */
    static String securityHeader(String user, String password, Instant created, byte[] nonce) {
        String c = created.truncatedTo(ChronoUnit.MILLIS).toString();
        return "<Security s:mustUnderstand=\"1\" xmlns=\"" + OnvifAuthInterceptor.WSSE + "\"><UsernameToken>"
                + "<Username>" + user + "</Username>"
                + "<Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">"
                + UsernameTokenOut.digest(nonce, c, password) + "</Password>"
                + "<Nonce>" + Base64.getEncoder().encodeToString(nonce) + "</Nonce>"
                + "<Created xmlns=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
                + c + "</Created></UsernameToken></Security>";
    }

    @Override
    public void close() {
        gateway.stop();
        cameras.stop();
    }

    /** Adds a WS-Security UsernameToken (PasswordDigest, 16-byte nonce) to each outgoing request. */
    static final class UsernameTokenOut extends AbstractSoapInterceptor {
        private final String user;
        private final String password;
        private final java.util.function.Supplier<Instant> clock;
        private final SecureRandom random = new SecureRandom();

        UsernameTokenOut(String user, String password, java.util.function.Supplier<Instant> clock) {
            super(Phase.PRE_PROTOCOL);
            this.user = user;
            this.password = password;
            this.clock = clock;
        }

        @Override
        public void handleMessage(SoapMessage message) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            try {
                String xml = securityHeader(user, password, clock.get(), nonce)
                        .replace("s:mustUnderstand=\"1\" ", "");
                DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
                dbf.setNamespaceAware(true);
                Document doc = dbf.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
                Element security = doc.getDocumentElement();
                SoapHeader header = new SoapHeader(OnvifAuthInterceptor.SECURITY, security);
                header.setMustUnderstand(true);
                message.getHeaders().add(header);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        static String digest(byte[] nonce, String created, String password) {
            try {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(nonce);
                sha1.update(created.getBytes(StandardCharsets.UTF_8));
                sha1.update(password.getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(sha1.digest());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
