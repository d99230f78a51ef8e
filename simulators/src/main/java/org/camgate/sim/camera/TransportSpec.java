package org.camgate.sim.camera;

/**
 * The one transport a SETUP asked for that the camera can serve: RTP over the RTSP connection
 * ({@code RTP/AVP/TCP;unicast;interleaved=a-b}) or unicast UDP ({@code RTP/AVP;unicast;client_port=a-b}).
 *
 * @param tcp             interleaved when true, UDP otherwise
 * @param first           interleaved RTP channel, or client RTP port; -1 when the client left it to us
 */
record TransportSpec(boolean tcp, int first) {

    /** The first acceptable alternative of a Transport header, or null when none is. */
    static TransportSpec parse(String header) {
        if (header == null) {
            return null;
        }
        for (String alternative : header.split(",")) {
            TransportSpec spec = parseOne(alternative.trim());
            if (spec != null) {
                return spec;
            }
        }
        return null;
    }

    private static TransportSpec parseOne(String alternative) {
        String[] parts = alternative.split(";");
        String protocol = parts[0].trim().toUpperCase(java.util.Locale.ROOT);
        boolean tcp = protocol.equals("RTP/AVP/TCP");
        if (!tcp && !protocol.equals("RTP/AVP") && !protocol.equals("RTP/AVP/UDP")) {
            return null;
        }
        int first = -1;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.equalsIgnoreCase("multicast")) {
                return null;
            }
            String key = tcp ? "interleaved=" : "client_port=";
            if (part.regionMatches(true, 0, key, 0, key.length())) {
                first = parseFirst(part.substring(key.length()));
                if (first < 0) {
                    return null;
                }
            }
        }
        if (!tcp && first < 0) {
            return null;
        }
        return new TransportSpec(tcp, first);
    }

    private static int parseFirst(String range) {
        String first = range.split("-")[0].trim();
        if (!first.matches("\\d{1,5}")) {
            return -1;
        }
        int value = Integer.parseInt(first);
        return value <= 65534 ? value : -1;
    }
}
