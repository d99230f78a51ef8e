package org.camgate.onvif;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path's streaming read: the shapes it answers, and everything else left to CXF (read as null). */
class FastRequestReaderTest {
    private static final String SECURITY = OnvifFixture.securityHeader("nvr", "secret",
            Instant.parse("2026-01-02T03:04:05.678Z"), new byte[16]);
    private static final String STREAM_URI = "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><StreamSetup>"
            + "<Stream xmlns=\"http://www.onvif.org/ver10/schema\">RTP-Unicast</Stream>"
            + "<Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>RTSP</Protocol></Transport>"
            + "</StreamSetup><ProfileToken>entrance</ProfileToken></GetStreamUri>";
    private static final String PULL = "<PullMessages xmlns=\"http://www.onvif.org/ver10/events/wsdl\"><Timeout>PT1M</Timeout>"
            + "<MessageLimit>10</MessageLimit></PullMessages>";

    private final FastRequestReader reader = new FastRequestReader();

    private FastRequestReader.Request read(String xml) {
        return reader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsGetStreamUriWithItsToken() {
        FastRequestReader.Request r = read(OnvifFixture.envelope(SECURITY, STREAM_URI));
        assertThat(r).isInstanceOf(FastRequestReader.GetStreamUri.class);
        assertThat(((FastRequestReader.GetStreamUri) r).profileToken()).isEqualTo("entrance");
        assertThat(r.token().username()).isEqualTo("nvr");
        assertThat(r.token().passwordType()).endsWith("#PasswordDigest");
        assertThat(r.token().nonce()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAA==");
        assertThat(r.token().created()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(r.token().password()).isNotBlank();
    }

    @Test
    void readsMedia2GetStreamUri() {
        FastRequestReader.Request r = read(OnvifFixture.envelope(SECURITY,
                "<GetStreamUri xmlns=\"http://www.onvif.org/ver20/media/wsdl\"><Protocol>RtspUnicast</Protocol>"
                        + "<ProfileToken>lobby</ProfileToken></GetStreamUri>"));
        assertThat(r).isEqualTo(new FastRequestReader.GetStreamUri2(r.token(), "RtspUnicast", "lobby"));
        assertThat(read(OnvifFixture.envelope(SECURITY, "<GetStreamUri xmlns=\"http://www.onvif.org/ver20/media/wsdl\">"
                + "<ProfileToken>lobby</ProfileToken><Protocol>RTSP</Protocol></GetStreamUri>"))).isNull();
    }

    @Test
    void readsPullMessagesWithWsAddressingHeadersAsClientsSendThem() {
        String header = "<a:Action s:mustUnderstand=\"1\" xmlns:a=\"http://www.w3.org/2005/08/addressing\">x</a:Action>"
                + "<a:To xmlns:a=\"http://www.w3.org/2005/08/addressing\">http://h/onvif/subscription/1</a:To>"
                + "<Vendor xmlns=\"urn:v\"><Deep><Deeper/></Deep></Vendor>" + SECURITY;
        FastRequestReader.Request r = read(OnvifFixture.envelope(header, PULL));
        assertThat(r).isEqualTo(new FastRequestReader.PullMessages(r.token(), "PT1M", "10"));
        assertThat(r.token().username()).isEqualTo("nvr");
    }

    @Test
    void withoutCredentialsTheTokenIsNull() {
        assertThat(read(OnvifFixture.envelope("", STREAM_URI)).token()).isNull();
        assertThat(read("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>" + STREAM_URI
                + "</s:Body></s:Envelope>").token()).isNull();
    }

    @Test
    void anythingUnusualIsLeftToCxf() {
        List<String> unusual = List.of(
                // a header the gateway does not understand, marked mustUnderstand (CXF answers its fault)
                OnvifFixture.envelope("<X s:mustUnderstand=\"true\" xmlns=\"urn:x\"/>" + SECURITY, STREAM_URI),
                // two Security headers
                OnvifFixture.envelope(SECURITY + SECURITY, STREAM_URI),
                // SOAP 1.1
                "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body>" + STREAM_URI + "</e:Body></e:Envelope>",
                // an operation it does not answer, a second body element, an unknown child, a missing token
                OnvifFixture.envelope(SECURITY, "<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>"),
                OnvifFixture.envelope(SECURITY, STREAM_URI + STREAM_URI),
                OnvifFixture.envelope(SECURITY, STREAM_URI.replace("<ProfileToken>", "<Extra/><ProfileToken>")),
                OnvifFixture.envelope(SECURITY, "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>"),
                OnvifFixture.envelope(SECURITY, PULL.replace("<MessageLimit>10</MessageLimit>", "")),
                // a token in the wrong namespace
                OnvifFixture.envelope(SECURITY, STREAM_URI.replace("<ProfileToken>", "<ProfileToken xmlns=\"urn:x\">")),
                // DTDs and entities, never expanded
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"entrance\">]>"
                        + OnvifFixture.envelope(SECURITY, STREAM_URI.replace(">entrance<", ">&a;<")),
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                        + OnvifFixture.envelope(SECURITY, STREAM_URI.replace(">entrance<", ">&xxe;<")),
                // nesting beyond XmlLimits, truncated, trailing elements
                OnvifFixture.envelope("<V xmlns=\"urn:v\">" + "<a>".repeat(40) + "</a>".repeat(40) + "</V>" + SECURITY, STREAM_URI),
                OnvifFixture.envelope(SECURITY, STREAM_URI).substring(0, 400),
                OnvifFixture.envelope(SECURITY, STREAM_URI) + "<more/>",
                "");
        for (String xml : unusual) {
            assertThat(read(xml)).as(xml).isNull();
        }
    }

    @Test
    void theFuzzCorpusReadsWithoutErrors() throws Exception {
        Path corpus = Path.of("src/test/resources/org/camgate/onvif/OnvifXmlFuzzTestInputs");
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                FastRequestReader.Request r = reader.read(new ByteArrayInputStream(bytes));
                assertThat(r).as(f.toString()).isNull(); // none of them is a GetStreamUri or PullMessages
            }
        }
    }
}
