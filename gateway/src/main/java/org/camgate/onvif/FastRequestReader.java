package org.camgate.onvif;

import com.ctc.wstx.api.WstxInputProperties;
import org.codehaus.stax2.XMLInputFactory2;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;

/**
 * Reads the SOAP requests {@link OnvifFastPath} answers itself in one streaming pass (no DOM, no JAXB): a SOAP 1.2
 * envelope, its WS-Security UsernameToken, and a body of exactly the expected shape: {@code trt:GetStreamUri},
 * {@code tr2:GetStreamUri} or {@code tev:PullMessages}. Anything else, or anything unusual (a header the gateway does not understand marked
 * {@code mustUnderstand}, an unexpected element, a DTD, XML over {@link XmlLimits}' bounds) reads as null, and the
 * request goes to CXF, which answers it (or faults) as before. Nothing is decided here.
 */
final class FastRequestReader {
    static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    static final String TRT = "http://www.onvif.org/ver10/media/wsdl";
    static final String TT = "http://www.onvif.org/ver10/schema";
    static final String TEV = "http://www.onvif.org/ver10/events/wsdl";
    static final String TR2 = "http://www.onvif.org/ver20/media/wsdl";

    /** A request the fast path serves: the token (or null), the operation, and its fields. */
    sealed interface Request permits GetStreamUri, GetStreamUri2, PullMessages {
        OnvifAuthenticator.Token token();

        String operation();
    }

    record GetStreamUri(OnvifAuthenticator.Token token, String profileToken) implements Request {
        @Override
        public String operation() {
            return "GetStreamUri";
        }
    }

    /** Media2's GetStreamUri ({@code protocol} may be null). */
    record GetStreamUri2(OnvifAuthenticator.Token token, String protocol, String profileToken) implements Request {
        @Override
        public String operation() {
            return "GetStreamUri";
        }
    }

    record PullMessages(OnvifAuthenticator.Token token, String timeout, String messageLimit) implements Request {
        @Override
        public String operation() {
            return "PullMessages";
        }
    }

    private final XMLInputFactory factory;

    FastRequestReader() {
        XMLInputFactory f = new com.ctc.wstx.stax.WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory2.P_LAZY_PARSING, true);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, XmlLimits.MAX_ELEMENT_DEPTH);
        f.setProperty(WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, XmlLimits.MAX_CHILD_ELEMENTS);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, XmlLimits.MAX_ELEMENT_COUNT);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, XmlLimits.MAX_ATTRIBUTE_COUNT);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, XmlLimits.MAX_ATTRIBUTE_SIZE);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, XmlLimits.MAX_TEXT_LENGTH);
        f.setProperty(WstxInputProperties.P_MAX_CHARACTERS, (long) OnvifServer.MAX_REQUEST_BYTES);
        this.factory = f;
    }

    /** The request, or null when the fast path leaves it to CXF. */
    Request read(InputStream body) {
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(body);
            Request request = envelope(r);
            if (request == null) {
                return null;
            }
            while (r.hasNext()) { // the rest of the document must be well-formed too
                int e = r.next();
                if (e == XMLStreamConstants.START_ELEMENT || e == XMLStreamConstants.DTD) {
                    return null;
                }
            }
            return request;
        } catch (XMLStreamException | RuntimeException e) {
            return null;
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
    }

    private static Request envelope(XMLStreamReader r) throws XMLStreamException {
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !is(r, SOAP12, "Envelope")) {
            return null;
        }
        OnvifAuthenticator.Token token = null;
        boolean securitySeen = false;
        r.nextTag();
        if (is(r, SOAP12, "Header")) {
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                QName name = r.getName();
                if (OnvifAuthInterceptor.SECURITY.equals(name)) {
                    if (securitySeen) {
                        return null;
                    }
                    securitySeen = true;
                    token = security(r);
                } else {
                    String mu = r.getAttributeValue(SOAP12, "mustUnderstand");
                    if (("true".equals(mu) || "1".equals(mu)) && !OnvifAuthInterceptor.UNDERSTOOD.contains(name)) {
                        return null; // CXF answers its MustUnderstand fault
                    }
                    skip(r);
                }
            }
            r.nextTag();
        }
        if (!is(r, SOAP12, "Body") || r.nextTag() != XMLStreamConstants.START_ELEMENT) {
            return null;
        }
        Request request;
        if (is(r, TRT, "GetStreamUri")) {
            request = getStreamUri(r, token);
        } else if (is(r, TR2, "GetStreamUri")) {
            request = getStreamUri2(r, token);
        } else if (is(r, TEV, "PullMessages")) {
            request = pullMessages(r, token);
        } else {
            return null;
        }
        // after the operation's end: the Body's end, then the Envelope's
        if (request == null || r.nextTag() != XMLStreamConstants.END_ELEMENT
                || r.nextTag() != XMLStreamConstants.END_ELEMENT) {
            return null;
        }
        return request;
    }

    /** Inside wsse:Security: its UsernameToken (other children, e.g. a Timestamp, are passed over). */
    private static OnvifAuthenticator.Token security(XMLStreamReader r) throws XMLStreamException {
        OnvifAuthenticator.Token token = null;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (token == null && "UsernameToken".equals(r.getLocalName())) {
                String user = null;
                String password = null;
                String type = null;
                String nonce = null;
                String created = null;
                while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "Username" -> user = user == null ? r.getElementText() : skipText(r, user);
                        case "Password" -> {
                            String t = r.getAttributeValue(null, "Type");
                            String text = r.getElementText();
                            if (password == null) {
                                password = text;
                                type = t == null || t.isEmpty() ? null : t;
                            }
                        }
                        case "Nonce" -> nonce = nonce == null ? r.getElementText() : skipText(r, nonce);
                        case "Created" -> created = created == null ? r.getElementText() : skipText(r, created);
                        default -> skip(r);
                    }
                }
                token = new OnvifAuthenticator.Token(user, password, type, nonce, created);
            } else {
                skip(r);
            }
        }
        return token;
    }

    private static String skipText(XMLStreamReader r, String kept) throws XMLStreamException {
        skip(r);
        return kept;
    }

    private static Request getStreamUri(XMLStreamReader r, OnvifAuthenticator.Token token) throws XMLStreamException {
        String profile = null;
        boolean setup = false;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (!setup && profile == null && is(r, TRT, "StreamSetup")) {
                setup = true;
                if (!streamSetup(r)) {
                    return null;
                }
            } else if (profile == null && is(r, TRT, "ProfileToken")) {
                profile = r.getElementText();
            } else {
                return null;
            }
        }
        return profile == null ? null : new GetStreamUri(token, profile);
    }

    private static Request getStreamUri2(XMLStreamReader r, OnvifAuthenticator.Token token) throws XMLStreamException {
        String protocol = null;
        String profile = null;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (protocol == null && profile == null && is(r, TR2, "Protocol")) {
                protocol = r.getElementText();
            } else if (profile == null && is(r, TR2, "ProfileToken")) {
                profile = r.getElementText();
            } else {
                return null;
            }
        }
        return profile == null ? null : new GetStreamUri2(token, protocol, profile);
    }

    private static boolean streamSetup(XMLStreamReader r) throws XMLStreamException {
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !is(r, TT, "Stream")) {
            return false;
        }
        r.getElementText();
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !is(r, TT, "Transport")) {
            return false;
        }
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !is(r, TT, "Protocol")) {
            return false;
        }
        r.getElementText();
        // end of Transport, then of StreamSetup
        return r.nextTag() == XMLStreamConstants.END_ELEMENT && r.nextTag() == XMLStreamConstants.END_ELEMENT;
    }

    private static Request pullMessages(XMLStreamReader r, OnvifAuthenticator.Token token) throws XMLStreamException {
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !is(r, TEV, "Timeout")) {
            return null;
        }
        String timeout = r.getElementText();
        if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !is(r, TEV, "MessageLimit")) {
            return null;
        }
        String limit = r.getElementText();
        return r.nextTag() == XMLStreamConstants.END_ELEMENT ? new PullMessages(token, timeout, limit) : null;
    }

    private static boolean is(XMLStreamReader r, String ns, String local) {
        return r.isStartElement() && local.equals(r.getLocalName()) && ns.equals(r.getNamespaceURI());
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
