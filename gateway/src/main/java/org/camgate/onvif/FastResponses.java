package org.camgate.onvif;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import org.apache.cxf.binding.soap.SoapFault;
import org.camgate.onvif.events.Topics;

import javax.xml.namespace.QName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SOAP 1.2 answers written by {@link OnvifFastPath}, in the form CXF gives them (the same envelope prefixes, so
 * topic texts such as {@code tns1:VideoSource/MotionAlarm} resolve): GetStreamUri written directly, PullMessages
 * through one JAXB context made once, faults from the same {@link OnvifFaults} CXF would send.
 */
final class FastResponses {
    private static final byte[] ENVELOPE_START = ("<soap:Envelope xmlns:soap=\"" + FastRequestReader.SOAP12 + "\""
            + " xmlns:wstop=\"http://docs.oasis-open.org/wsn/t-1\" xmlns:cg=\"" + Topics.VENDOR + "\""
            + " xmlns:tt=\"" + FastRequestReader.TT + "\" xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\""
            + " xmlns:tns1=\"" + Topics.TNS1 + "\"><soap:Body>").getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENVELOPE_END = "</soap:Body></soap:Envelope>".getBytes(StandardCharsets.UTF_8);

    private final JAXBContext events;

    FastResponses() {
        try {
            events = JAXBContext.newInstance(org.camgate.onvif.wsdl.events.PullMessagesResponse.class,
                    org.camgate.onvif.wsdl.schema.Message.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("no JAXB context for ONVIF events", e);
        }
    }

    static byte[] streamUri(String uri) {
        return envelope("<trt:GetStreamUriResponse xmlns:trt=\"" + FastRequestReader.TRT + "\"><trt:MediaUri><tt:Uri>"
                + escape(uri) + "</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
                + "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri>"
                + "</trt:GetStreamUriResponse>");
    }

    static byte[] streamUri2(String uri) {
        return envelope("<tr2:GetStreamUriResponse xmlns:tr2=\"" + FastRequestReader.TR2 + "\"><tr2:Uri>" + escape(uri)
                + "</tr2:Uri></tr2:GetStreamUriResponse>");
    }

    /** A JAXB element of the events schema (a PullMessagesResponse) in an envelope. */
    byte[] events(Object element) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            out.write(ENVELOPE_START);
            Marshaller m = events.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
            m.marshal(element, out);
            out.write(ENVELOPE_END);
            return out.toByteArray();
        } catch (JAXBException | java.io.IOException e) {
            throw new IllegalStateException("cannot write an ONVIF answer", e);
        }
    }

    /** The fault CXF would write for {@code f}. */
    static byte[] fault(SoapFault f) {
        StringBuilder b = new StringBuilder(512);
        b.append("<soap:Fault><soap:Code><soap:Value>soap:").append(f.getFaultCode().getLocalPart()).append("</soap:Value>");
        int depth = 0;
        for (QName sub : f.getSubCodes() == null ? java.util.List.<QName>of() : f.getSubCodes()) {
            b.append("<soap:Subcode><soap:Value xmlns:").append(sub.getPrefix()).append("=\"").append(escape(sub.getNamespaceURI()))
                    .append("\">").append(sub.getPrefix()).append(':').append(sub.getLocalPart()).append("</soap:Value>");
            depth++;
        }
        b.append("</soap:Subcode>".repeat(depth));
        b.append("</soap:Code><soap:Reason><soap:Text xml:lang=\"en\">").append(escape(f.getMessage()))
                .append("</soap:Text></soap:Reason></soap:Fault>");
        return envelope(b.toString());
    }

    private static byte[] envelope(String body) {
        byte[] inner = body.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[ENVELOPE_START.length + inner.length + ENVELOPE_END.length];
        System.arraycopy(ENVELOPE_START, 0, out, 0, ENVELOPE_START.length);
        System.arraycopy(inner, 0, out, ENVELOPE_START.length, inner.length);
        System.arraycopy(ENVELOPE_END, 0, out, ENVELOPE_START.length + inner.length, ENVELOPE_END.length);
        return out;
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (r != null || b != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
