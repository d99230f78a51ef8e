package org.camgate.onvif.discovery;

import org.camgate.onvif.DeviceIdentity;

import java.util.List;

/** The WS-Discovery messages camgate sends, as SOAP 1.2 text. */
final class DiscoveryMessages {
    private static final String ACTION = "http://schemas.xmlsoap.org/ws/2005/04/discovery/";
    private static final String TO_DISCOVERY = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";
    private static final String ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
    private static final String TYPES = "dn:NetworkVideoTransmitter tds:Device";

    private DiscoveryMessages() {
    }

    static String probe(String messageId) {
        return envelope("Probe", messageId, null, TO_DISCOVERY, null,
                "<d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe>");
    }

    static String probeMatches(DeviceIdentity id, String xaddr, List<String> scopes, String relatesTo, long instance,
                               long number) {
        return envelope("ProbeMatches", DiscoveryResponder.newMessageId(), relatesTo, ANONYMOUS, sequence(instance, number),
                "<d:ProbeMatches><d:ProbeMatch>" + target(id, xaddr, scopes) + "</d:ProbeMatch></d:ProbeMatches>");
    }

    static String hello(DeviceIdentity id, String xaddr, List<String> scopes, long instance, long number) {
        return envelope("Hello", DiscoveryResponder.newMessageId(), null, TO_DISCOVERY, sequence(instance, number),
                "<d:Hello>" + target(id, xaddr, scopes) + "</d:Hello>");
    }

    static String bye(DeviceIdentity id, long instance, long number) {
        return envelope("Bye", DiscoveryResponder.newMessageId(), null, TO_DISCOVERY, sequence(instance, number),
                "<d:Bye><a:EndpointReference><a:Address>" + id.endpointReference()
                        + "</a:Address></a:EndpointReference></d:Bye>");
    }

    private static String target(DeviceIdentity id, String xaddr, List<String> scopes) {
        return "<a:EndpointReference><a:Address>" + id.endpointReference() + "</a:Address></a:EndpointReference>"
                + "<d:Types>" + TYPES + "</d:Types>"
                + "<d:Scopes>" + DiscoveryXml.escape(String.join(" ", scopes)) + "</d:Scopes>"
                + "<d:XAddrs>" + DiscoveryXml.escape(xaddr) + "</d:XAddrs>"
                + "<d:MetadataVersion>1</d:MetadataVersion>";
    }

    private static String sequence(long instance, long number) {
        return "<d:AppSequence InstanceId=\"" + instance + "\" MessageNumber=\"" + number + "\"/>";
    }

    private static String envelope(String action, String messageId, String relatesTo, String to, String extraHeader,
                                   String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<s:Envelope xmlns:s=\"" + DiscoveryXml.SOAP + "\" xmlns:a=\"" + DiscoveryXml.WSA + "\" xmlns:d=\""
                + DiscoveryXml.WSD + "\" xmlns:dn=\"" + DiscoveryXml.DN + "\" xmlns:tds=\"" + DiscoveryXml.TDS + "\">"
                + "<s:Header><a:Action>" + ACTION + action + "</a:Action><a:MessageID>" + messageId + "</a:MessageID>"
                + (relatesTo == null ? "" : "<a:RelatesTo>" + DiscoveryXml.escape(relatesTo) + "</a:RelatesTo>")
                + "<a:To>" + to + "</a:To>" + (extraHeader == null ? "" : extraHeader) + "</s:Header>"
                + "<s:Body>" + body + "</s:Body></s:Envelope>";
    }
}
