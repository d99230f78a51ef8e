package org.camgate.protocol.rtsp;

import java.util.Locale;
import java.util.Optional;

/**
 * The transport a client asked for in SETUP, from the first specification of its Transport
 * header that can be served: TCP interleaved or UDP unicast (multicast and record are refused).
 * A UDP specification is only usable with client ports a reader may ask for: see
 * {@link #acceptableClientPorts(int, int)}.
 *
 * @param rtpChannel  interleaved RTP channel, or -1 when the client left it to the server
 * @param destination the {@code destination=} parameter if the client sent one, else null
 */
public record TransportSpec(boolean tcp, int rtpChannel, int rtcpChannel, int rtpPort, int rtcpPort, String destination) {

    /** The lowest client port a reader may name: the ports below are privileged system services. */
    public static final int MIN_CLIENT_PORT = 1024;

    /** Parses a Transport header; empty when no specification in it is usable. */
    public static Optional<TransportSpec> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        for (String spec : header.split(",")) {
            Optional<TransportSpec> parsed = parseOne(spec.trim());
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        return Optional.empty();
    }

    private static Optional<TransportSpec> parseOne(String spec) {
        String[] params = spec.split(";");
        if (params.length == 0 || params[0].isBlank()) {
            return Optional.empty();
        }
        String protocol = params[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp;
        if (protocol.equals("RTP/AVP/TCP")) {
            tcp = true;
        } else if (protocol.equals("RTP/AVP") || protocol.equals("RTP/AVP/UDP")) {
            tcp = false;
        } else {
            return Optional.empty();
        }
        int[] interleaved = null;
        int[] clientPorts = null;
        String destination = null;
        for (int i = 1; i < params.length; i++) {
            String param = params[i].trim();
            String lower = param.toLowerCase(Locale.ROOT);
            if (lower.equals("multicast")) {
                return Optional.empty();
            } else if (lower.startsWith("interleaved=")) {
                interleaved = range(param.substring(12), 255);
                if (interleaved == null) {
                    return Optional.empty();
                }
            } else if (lower.startsWith("client_port=")) {
                clientPorts = range(param.substring(12), 65535);
                if (clientPorts == null) {
                    return Optional.empty();
                }
            } else if (lower.startsWith("destination=")) {
                destination = param.substring(12).trim();
            } else if (lower.startsWith("mode=")) {
                String mode = lower.substring(5).replace("\"", "").trim();
                if (!mode.equals("play")) {
                    return Optional.empty();
                }
            }
        }
        if (tcp) {
            int[] channels = interleaved == null ? new int[] {-1, -1} : interleaved;
            return Optional.of(new TransportSpec(true, channels[0], channels[1], 0, 0, destination));
        }
        if (clientPorts == null || !acceptableClientPorts(clientPorts[0], clientPorts[1])) {
            return Optional.empty();
        }
        return Optional.of(new TransportSpec(false, 0, 0, clientPorts[0], clientPorts[1], destination));
    }

    /**
     * Whether a reader's UDP {@code client_port} pair may be served: RTP at {@value #MIN_CLIENT_PORT} or
     * above and RTCP on the next port. The gateway sends media to these ports of the requester's
     * address, so anything else (a privileged service port such as 53 or 123, port 0, a wide or
     * reversed range) would let a reader aim the stream at something that is not its RTP receiver.
     */
    public static boolean acceptableClientPorts(int rtpPort, int rtcpPort) {
        return rtpPort >= MIN_CLIENT_PORT && rtpPort < 65535 && rtcpPort == rtpPort + 1;
    }

    /** "a-b" or "a" (then b = a + 1), each within 0..max; null when malformed. */
    private static int[] range(String value, int max) {
        String[] parts = value.trim().split("-");
        if (parts.length == 0 || parts.length > 2) {
            return null;
        }
        try {
            int first = Integer.parseInt(parts[0].trim());
            int second = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : first + 1;
            if (first < 0 || first > max || second < 0 || second > max) {
                return null;
            }
            return new int[] {first, second};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
