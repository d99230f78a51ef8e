package org.camgate.onvif;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.StaxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.xml.stream.XMLInputFactory;
import java.util.Map;

/**
 * Bounds on incoming XML, as CXF's StAX properties: depth, children per element, element and
 * attribute counts, text and document size. A message over any bound gets a SOAP fault. DTDs and
 * external entities are never processed (CXF's StAX factory has DTD support off).
 */
final class XmlLimits {
    private XmlLimits() {
    }

    static final int MAX_ATTRIBUTE_COUNT = 32;
    static final int MAX_ELEMENT_DEPTH = 32;
    static final int MAX_CHILD_ELEMENTS = 256;
    static final int MAX_ELEMENT_COUNT = 4096;
    static final int MAX_ATTRIBUTE_SIZE = 4096;
    static final int MAX_TEXT_LENGTH = 64 * 1024;

    /**
     * CXF applies maxAttributeCount to each reader after creating it, but Woodstox reads that limit only when it
     * creates a reader: the endpoints get their own secure factory with it set.
     */
    private static final XMLInputFactory INPUT_FACTORY = inputFactory();

    private static XMLInputFactory inputFactory() {
        XMLInputFactory factory = StaxUtils.createXMLInputFactory(true);
        factory.setProperty("com.ctc.wstx.maxAttributesPerElement", MAX_ATTRIBUTE_COUNT);
        return factory;
    }

    static Map<String, Object> properties() {
        return Map.of(
                XMLInputFactory.class.getName(), INPUT_FACTORY,
                "org.apache.cxf.stax.maxElementDepth", MAX_ELEMENT_DEPTH,
                "org.apache.cxf.stax.maxChildElements", MAX_CHILD_ELEMENTS,
                "org.apache.cxf.stax.maxElementCount", MAX_ELEMENT_COUNT,
                "org.apache.cxf.stax.maxAttributeCount", MAX_ATTRIBUTE_COUNT,
                "org.apache.cxf.stax.maxAttributeSize", MAX_ATTRIBUTE_SIZE,
                "org.apache.cxf.stax.maxTextLength", MAX_TEXT_LENGTH,
                "org.apache.cxf.stax.maxXMLCharacters", (long) OnvifServer.MAX_REQUEST_BYTES,
                "org.apache.cxf.stax.allowInsecureParser", false,
                "set-jaxb-validation-event-handler", Boolean.TRUE);
    }

    /** Logs faults sent for unexpected errors at debug, without message content (no credentials in logs). */
    static final class FaultLogger extends AbstractSoapInterceptor {
        private static final Logger log = LoggerFactory.getLogger("org.camgate.onvif.faults");

        FaultLogger() {
            super(Phase.PRE_STREAM);
        }

        @Override
        public void handleMessage(SoapMessage message) throws Fault {
            Exception e = message.getContent(Exception.class);
            if (e != null && log.isDebugEnabled()) {
                log.debug("ONVIF fault: {}", e.getMessage());
            }
        }
    }
}
