package org.camgate.onvif;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.ExchangeImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.interceptor.StaxInInterceptor;
import org.apache.cxf.staxutils.StaxUtils;
import org.camgate.access.AccessPolicy;
import org.camgate.access.LoginThrottle;
import org.camgate.audit.InMemoryAuditLog;
import org.camgate.auth.DigestReaderAuthenticator;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.EventBus;
import org.camgate.protocol.auth.DigestVerifier;
import org.camgate.protocol.auth.NonceCounter;
import org.camgate.protocol.auth.NonceService;
import org.camgate.testing.FuzzDeadline;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes how the gateway's ONVIF server takes hostile XML.
 * <ul>
 * <li>{@code soapRequest}: the bytes are POSTed as a SOAP 1.2 request to the Device service of a real ONVIF server
 * (the production {@link OnvifModule}: CXF on Netty, {@link XmlLimits}, the WS-Security and digest authentication
 * interceptors). The contract: every request gets an answer in time, either a SOAP response or a clean refusal (an
 * HTTP error status whose body, if any, is a SOAP fault), the server keeps serving, and no buffer leaks.</li>
 * <li>{@code staxLimits}: the bytes are read the way CXF's StaxInInterceptor reads a request, with the
 * {@link XmlLimits#properties()} of the endpoints. The contract: the reader refuses (throws, which CXF answers with a
 * SOAP fault), or the document it reads is within every limit of {@link XmlLimits} and has no DTD or entity.</li>
 * </ul>
 *
 * <p>Plain test runs replay {@code OnvifXmlFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes one method.
 */
@ExtendWith(NettyLeakCheck.class)
class OnvifXmlFuzzTest {
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 405, 413, 415, 500);
    private static final String GET_TIME = OnvifFixture.envelope("",
            "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>");

    private static OnvifModule onvif;
    private static HttpClient http;
    private static URI device;

    @BeforeAll
    static void startServer() throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                site: fuzz
                onvif: { listen: 127.0.0.1:0 }
                users:
                  - { name: nvr, password: secret, cameras: ["*"] }
                """, "fuzz.yaml", Map.of());
        Clock clock = Clock.systemUTC();
        InMemoryAuditLog audit = new InMemoryAuditLog();
        LoginThrottle throttle = new LoginThrottle(config.loginFailures());
        DigestReaderAuthenticator digest = new DigestReaderAuthenticator(config.users(),
                new NonceService(Duration.ofMinutes(5), clock), new NonceCounter(1000, Duration.ofMinutes(5), clock),
                DigestVerifier.UriMatch.SAME_RESOURCE, throttle);
        onvif = new OnvifModule(config, Map.of(), Map.of(), new EventBus(), audit, new AccessPolicy(config, audit, clock),
                throttle, digest, 8554, clock);
        onvif.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        device = URI.create("http://127.0.0.1:" + onvif.address().getPort() + ServicePaths.DEVICE);
    }

    @AfterAll
    static void stopServer() throws Exception {
        try {
            assertThat(post(GET_TIME.getBytes(java.nio.charset.StandardCharsets.UTF_8)).statusCode())
                    .as("the server still answers a valid request").isEqualTo(200);
        } finally {
            onvif.stop();
        }
    }

    @FuzzTest(maxDuration = "2m")
    void soapRequest(byte[] input) throws Exception {
        HttpResponse<String> response = FuzzDeadline.call(() -> post(input));
        int status = response.statusCode();
        String body = response.body();
        if (status == 200) {
            assertThat(body).as("a 200 answer").contains("Envelope").doesNotContain("Fault>");
            return;
        }
        assertThat(REFUSALS).as("HTTP status %d for %s", status, body).contains(status);
        if (!body.isEmpty() && status != 413) {
            assertThat(body).as("a refusal with status %d", status).contains("Fault");
        }
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(device)
                .timeout(FuzzDeadline.PER_INPUT)
                .header("Content-Type", "application/soap+xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @FuzzTest(maxDuration = "2m")
    void staxLimits(byte[] input) throws Exception {
        Document doc = FuzzDeadline.call(() -> readLikeCxf(input));
        if (doc == null) {
            return;
        }
        assertThat(doc.getDoctype()).as("a DTD was processed").isNull();
        int[] elements = {0};
        check(doc.getDocumentElement(), 1, elements);
        assertThat(elements[0]).isLessThanOrEqualTo(4096);
    }

    /** The document CXF would read from {@code input}, or null when it refuses it. */
    private static Document readLikeCxf(byte[] input) throws Exception {
        Message message = new MessageImpl();
        Exchange exchange = new ExchangeImpl();
        exchange.setInMessage(message);
        message.setExchange(exchange);
        message.putAll(XmlLimits.properties());
        try {
            // As StaxInInterceptor does: the endpoint's own XMLInputFactory if it has one, then the per-reader limits.
            XMLInputFactory factory = StaxInInterceptor.getXMLInputFactory(message);
            ByteArrayInputStream in = new ByteArrayInputStream(input);
            XMLStreamReader reader = StaxUtils.configureReader(factory == null
                    ? StaxUtils.createXMLStreamReader(in, "UTF-8") : factory.createXMLStreamReader(in, "UTF-8"), message);
            try {
                return StaxUtils.read(reader);
            } finally {
                StaxUtils.close(reader);
            }
        } catch (XMLStreamException | RuntimeException refused) {
            // CXF answers any exception while reading with a SOAP fault (soapRequest checks that end to end).
            return null;
        }
    }

    private static void check(Element e, int depth, int[] elements) {
        elements[0]++;
        assertThat(depth).as("element depth").isLessThanOrEqualTo(32);
        NamedNodeMap attributes = e.getAttributes();
        int plain = 0;
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (!"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                plain++;
            }
            assertThat(a.getNodeValue().length()).as("attribute size").isLessThanOrEqualTo(4096);
        }
        assertThat(plain).as("attributes of one element").isLessThanOrEqualTo(32);
        int children = 0;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                children++;
                check(child, depth + 1, elements);
            } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                assertThat(c.getNodeValue().length()).as("text length").isLessThanOrEqualTo(64 * 1024);
            }
            assertThat(c.getNodeType()).as("an entity reference").isNotEqualTo(Node.ENTITY_REFERENCE_NODE);
        }
        assertThat(children).as("child elements").isLessThanOrEqualTo(256);
    }
}
