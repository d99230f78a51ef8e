package org.camgate.onvif.discovery;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Hardened parsing of WS-Discovery datagrams: no DTDs, no external entities, bounded size. */
final class DiscoveryXml {
    static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    static final String WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    static final String DN = "http://www.onvif.org/ver10/network/wsdl";
    static final String TDS = "http://www.onvif.org/ver10/device/wsdl";
    static final int MAX_DATAGRAM = 16 * 1024;

    private DiscoveryXml() {
    }

    static Optional<Document> parse(byte[] data, int length) {
        if (length > MAX_DATAGRAM) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return Optional.of(b.parse(new ByteArrayInputStream(data, 0, length)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }

    static Element first(Node root, String ns, String local) {
        if (root instanceof Document d) {
            root = d.getDocumentElement();
        }
        if (root instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
            return e;
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            Element found = first(n, ns, local);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static String text(Node root, String ns, String local) {
        Element e = first(root, ns, local);
        return e == null ? null : e.getTextContent().trim();
    }

    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String w : s.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
