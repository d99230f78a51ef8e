package org.camgate.onvif.discovery;

import org.camgate.onvif.DeviceIdentity;
import org.camgate.onvif.ServicePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WS-Discovery (2005/04) target service for the gateway: answers Probes for
 * {@code dn:NetworkVideoTransmitter} or {@code tds:Device} with a unicast ProbeMatch to the sender,
 * sends Hello at start and Bye at stop. Bound to the ONVIF listen address: on a loopback address it
 * answers unicast probes only (never joins the multicast group or sends to it).
 */
public final class DiscoveryResponder {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryResponder.class);
    public static final InetSocketAddress MULTICAST = new InetSocketAddress("239.255.255.250", 3702);
    private static final Set<QName> TYPES = Set.of(new QName(DiscoveryXml.DN, "NetworkVideoTransmitter"),
            new QName(DiscoveryXml.TDS, "Device"));

    private final DeviceIdentity identity;
    private final List<String> scopes;
    private final InetSocketAddress onvif;
    private final String listenHost;
    private final int port;
    private final long instanceId = System.currentTimeMillis() / 1000;
    private final AtomicLong messageNumber = new AtomicLong();
    private MulticastSocket socket;
    private Thread thread;
    private boolean multicast;

    public DiscoveryResponder(DeviceIdentity identity, List<String> scopes, InetSocketAddress onvif, String listenHost, int port) {
        this.identity = identity;
        this.scopes = List.copyOf(scopes);
        this.onvif = onvif;
        this.listenHost = listenHost;
        this.port = port;
    }

    public synchronized void start() {
        try {
            InetAddress bindAddress = InetAddress.getByName(listenHost);
            multicast = !bindAddress.isLoopbackAddress();
            socket = new MulticastSocket(multicast ? new InetSocketAddress(port) : new InetSocketAddress(bindAddress, port));
            if (multicast) {
                NetworkInterface nif = bindAddress.isAnyLocalAddress() ? null : NetworkInterface.getByInetAddress(bindAddress);
                socket.joinGroup(MULTICAST, nif);
            }
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("cannot answer WS-Discovery on UDP " + listenHost + ":" + port + ": "
                    + e.getMessage(), e);
        }
        thread = new Thread(this::serve, "onvif-discovery");
        thread.setDaemon(true);
        thread.start();
        if (multicast) {
            send(DiscoveryMessages.hello(identity, xaddr(), scopes, instanceId, messageNumber.incrementAndGet()), MULTICAST);
        }
        log.info("WS-Discovery answering on UDP {}:{}{}", listenHost, port(), multicast ? " (multicast)" : " (unicast only)");
    }

    public synchronized int port() {
        return socket == null ? -1 : socket.getLocalPort();
    }

    private String xaddr() {
        InetAddress a = onvif.getAddress();
        String host = a.isAnyLocalAddress() ? localHost() : a.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + onvif.getPort() + ServicePaths.DEVICE;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }

    private void serve() {
        byte[] buffer = new byte[DiscoveryXml.MAX_DATAGRAM + 1];
        MulticastSocket s;
        synchronized (this) {
            s = socket;
        }
        while (s != null && !s.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                s.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            try {
                handle(packet);
            } catch (RuntimeException e) {
                log.debug("bad WS-Discovery datagram from {}: {}", packet.getSocketAddress(), e.toString());
            }
        }
    }

    private void handle(DatagramPacket packet) {
        Document doc = DiscoveryXml.parse(packet.getData(), packet.getLength()).orElse(null);
        if (doc == null) {
            return;
        }
        Element probe = DiscoveryXml.first(doc, DiscoveryXml.WSD, "Probe");
        String messageId = DiscoveryXml.text(doc, DiscoveryXml.WSA, "MessageID");
        if (probe == null || messageId == null || !matches(probe)) {
            return;
        }
        send(DiscoveryMessages.probeMatches(identity, xaddr(), scopes, messageId, instanceId,
                messageNumber.incrementAndGet()), (InetSocketAddress) packet.getSocketAddress());
    }

    private boolean matches(Element probe) {
        Element types = DiscoveryXml.first(probe, DiscoveryXml.WSD, "Types");
        List<String> wanted = DiscoveryXml.words(types == null ? null : types.getTextContent());
        boolean typeOk = wanted.isEmpty();
        for (String t : wanted) {
            int colon = t.indexOf(':');
            String prefix = colon < 0 ? null : t.substring(0, colon);
            String ns = types.lookupNamespaceURI(prefix);
            if (ns != null && TYPES.contains(new QName(ns, t.substring(colon + 1)))) {
                typeOk = true;
            }
        }
        List<String> wantedScopes = DiscoveryXml.words(DiscoveryXml.text(probe, DiscoveryXml.WSD, "Scopes"));
        boolean scopesOk = wantedScopes.stream().allMatch(w -> scopes.stream().anyMatch(s -> s.equals(w)
                || s.startsWith(w.endsWith("/") ? w : w + "/")));
        return typeOk && scopesOk;
    }

    private void send(String xml, InetSocketAddress to) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        try {
            MulticastSocket s;
            synchronized (this) {
                s = socket;
            }
            if (s != null) {
                s.send(new DatagramPacket(bytes, bytes.length, to));
            }
        } catch (IOException e) {
            log.debug("WS-Discovery send to {} failed: {}", to, e.toString());
        }
    }

    public synchronized void stop() {
        if (socket == null) {
            return;
        }
        if (multicast) {
            send(DiscoveryMessages.bye(identity, instanceId, messageNumber.incrementAndGet()), MULTICAST);
        }
        socket.close();
        socket = null;
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    static String newMessageId() {
        return "urn:uuid:" + UUID.randomUUID();
    }

}
