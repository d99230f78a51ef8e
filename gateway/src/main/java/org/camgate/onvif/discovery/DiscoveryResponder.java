package org.camgate.onvif.discovery;

import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.Protocol;
import org.camgate.common.net.HostPort;
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
 *
 * <p>An answer is several times larger than a probe, so the responder must not be an amplifier: datagrams are
 * rate-limited per source address and in all before they are even parsed (the excess is dropped silently and
 * counted), and every probe asks the gateway's access policy about its sender (way in {@link Protocol#DISCOVERY}):
 * a sender the policy refuses gets no answer (the policy audits the refusal).
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
    private final AccessPolicy policy;
    private final ProbeLimiter limiter;
    private long droppedLogged;
    private long lastDropLogNanos;
    private final long instanceId = System.currentTimeMillis() / 1000;
    private final AtomicLong messageNumber = new AtomicLong();
    private MulticastSocket socket;
    private Thread thread;
    private boolean multicast;

    public DiscoveryResponder(DeviceIdentity identity, List<String> scopes, InetSocketAddress onvif, String listenHost,
                              int port, AccessPolicy policy) {
        this(identity, scopes, onvif, listenHost, port, policy, ProbeLimiter.Rates.DEFAULT);
    }

    DiscoveryResponder(DeviceIdentity identity, List<String> scopes, InetSocketAddress onvif, String listenHost,
                       int port, AccessPolicy policy, ProbeLimiter.Rates rates) {
        this.identity = identity;
        this.scopes = List.copyOf(scopes);
        this.onvif = onvif;
        this.listenHost = listenHost;
        this.port = port;
        this.policy = policy;
        this.limiter = new ProbeLimiter(rates, System::nanoTime);
    }

    /** Datagrams dropped by the rate limits so far. */
    public long droppedProbes() {
        return limiter.dropped();
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
        return "http://" + HostPort.format(host, onvif.getPort()) + ServicePaths.DEVICE;
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
            if (!(packet.getSocketAddress() instanceof InetSocketAddress sender) || sender.getAddress() == null) {
                continue;
            }
            if (!limiter.admit(sender.getAddress())) {
                logDrops();
                continue;
            }
            try {
                handle(packet, sender);
            } catch (RuntimeException e) {
                log.debug("bad WS-Discovery datagram from {}: {}", packet.getSocketAddress(), e.toString());
            }
        }
    }

    /** At most one log line a minute about dropped datagrams, with how many. */
    private void logDrops() {
        long now = System.nanoTime();
        if (droppedLogged == 0 || now - lastDropLogNanos >= java.util.concurrent.TimeUnit.MINUTES.toNanos(1)) {
            long total = limiter.dropped();
            log.warn("WS-Discovery: dropping datagrams over the rate limits ({} so far, {} since the last report)",
                    total, total - droppedLogged);
            droppedLogged = total;
            lastDropLogNanos = now;
        }
    }

    private void handle(DatagramPacket packet, InetSocketAddress sender) {
        Document doc = DiscoveryXml.parse(packet.getData(), packet.getLength()).orElse(null);
        if (doc == null) {
            return;
        }
        Element probe = DiscoveryXml.first(doc, DiscoveryXml.WSD, "Probe");
        String messageId = DiscoveryXml.text(doc, DiscoveryXml.WSA, "MessageID");
        if (probe == null || messageId == null) {
            return; // other devices' Hello, Bye, answers: not questions to this device
        }
        if (!policy.decide(AccessRequest.preAuth(Protocol.DISCOVERY, sender)).allowed() || !matches(probe)) {
            return;
        }
        send(DiscoveryMessages.probeMatches(identity, xaddr(), scopes, messageId, instanceId,
                messageNumber.incrementAndGet()), sender);
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
