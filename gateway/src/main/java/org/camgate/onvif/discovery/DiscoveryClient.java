package org.camgate.onvif.discovery;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends a WS-Discovery Probe for ONVIF devices and collects the ProbeMatches answering it. */
public final class DiscoveryClient {

    /** One device found: its endpoint reference, service addresses, types and scopes. */
    public record Device(String endpoint, List<String> xaddrs, List<String> types, List<String> scopes) {
    }

    private DiscoveryClient() {
    }

    /** Probes {@code target} (the multicast group, or one address) and collects answers for {@code wait}. */
    public static List<Device> probe(InetSocketAddress target, Duration wait) throws IOException {
        String messageId = DiscoveryResponder.newMessageId();
        byte[] probe = DiscoveryMessages.probe(messageId).getBytes(StandardCharsets.UTF_8);
        Map<String, Device> found = new LinkedHashMap<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(
                target.getAddress().isLoopbackAddress() ? target.getAddress() : null, 0))) {
            socket.send(new DatagramPacket(probe, probe.length, target));
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] buffer = new byte[DiscoveryXml.MAX_DATAGRAM + 1];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                Document doc = DiscoveryXml.parse(packet.getData(), packet.getLength()).orElse(null);
                if (doc == null || !messageId.equals(DiscoveryXml.text(doc, DiscoveryXml.WSA, "RelatesTo"))) {
                    continue;
                }
                for (Device d : matches(doc)) {
                    found.putIfAbsent(d.endpoint(), d);
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    private static List<Device> matches(Document doc) {
        List<Device> out = new ArrayList<>();
        Element all = DiscoveryXml.first(doc, DiscoveryXml.WSD, "ProbeMatches");
        if (all == null) {
            return out;
        }
        for (Node n = all.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element m && "ProbeMatch".equals(m.getLocalName())) {
                String address = DiscoveryXml.text(m, DiscoveryXml.WSA, "Address");
                out.add(new Device(address == null ? "" : address,
                        DiscoveryXml.words(DiscoveryXml.text(m, DiscoveryXml.WSD, "XAddrs")),
                        DiscoveryXml.words(DiscoveryXml.text(m, DiscoveryXml.WSD, "Types")),
                        DiscoveryXml.words(DiscoveryXml.text(m, DiscoveryXml.WSD, "Scopes"))));
            }
        }
        return out;
    }
}
