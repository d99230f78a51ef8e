package org.camgate.sensor.radar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;

/**
 * Parses one radar JSON datagram:
 * {@code {"seq": 12, "tracks": [{"id": "7", "x": 1.5, "y": 3.2, "vx": 0.1, "vy": 1.2, "class": "person"}]}}.
 * {@code seq} (optional) is a non-negative integer that increases per datagram; {@code id} a string or integer;
 * {@code class} optional. Unknown fields are ignored (sensors add their own); wrong types and non-finite values are not.
 */
final class RadarJsonParser {
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_TRACKS = 256;
    private static final double MAX_METRES = 10_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private final ObjectMapper mapper;

    RadarJsonParser() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1024).build())
                .build();
        mapper = new ObjectMapper(factory);
    }

    RadarFrame parse(byte[] bytes, int length) throws PacketException {
        if (length > MAX_BYTES) {
            throw new PacketException(PacketResult.OVERSIZED, length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes, 0, length);
        } catch (JsonProcessingException e) {
            boolean eof = e.getMessage() != null && e.getMessage().contains("end-of-input");
            throw new PacketException(eof ? PacketResult.TRUNCATED : PacketResult.MALFORMED, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PacketException(PacketResult.MALFORMED, "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PacketException(PacketResult.MALFORMED, "expected a JSON object");
        }
        long seq = -1;
        JsonNode s = root.get("seq");
        if (s != null) {
            if (!s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() < 0) {
                throw new PacketException(PacketResult.MALFORMED, "seq: expected a non-negative integer");
            }
            seq = s.asLong();
        }
        JsonNode tracks = root.get("tracks");
        if (tracks == null || !tracks.isArray()) {
            throw new PacketException(PacketResult.MALFORMED, "tracks: expected a list");
        }
        if (tracks.size() > MAX_TRACKS) {
            throw new PacketException(PacketResult.OVERSIZED, tracks.size() + " tracks (expected: at most " + MAX_TRACKS + ")");
        }
        List<RadarTrack> out = new ArrayList<>(tracks.size());
        for (JsonNode t : tracks) {
            out.add(track(t));
        }
        return new RadarFrame(seq, out);
    }

    private static RadarTrack track(JsonNode t) throws PacketException {
        if (!t.isObject()) {
            throw new PacketException(PacketResult.MALFORMED, "track: expected an object");
        }
        JsonNode id = t.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || !ID.matcher(id.asText()).matches()) {
            throw new PacketException(PacketResult.MALFORMED, "track id: expected 1-64 letters, digits, _ . : - or an integer");
        }
        String cls = null;
        JsonNode c = t.get("class");
        if (c != null && !c.isNull()) {
            if (c.getNodeType() != JsonNodeType.STRING || c.asText().length() > 32) {
                throw new PacketException(PacketResult.MALFORMED, "track class: expected a short string");
            }
            cls = c.asText();
        }
        return new RadarTrack(id.asText(), number(t, "x"), number(t, "y"), number(t, "vx"), number(t, "vy"), cls);
    }

    private static double number(JsonNode t, String field) throws PacketException {
        JsonNode n = t.get(field);
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble()) || Math.abs(n.asDouble()) > MAX_METRES) {
            throw new PacketException(PacketResult.MALFORMED, "track " + field + ": expected a number within +-" + (int) MAX_METRES);
        }
        return n.asDouble();
    }
}
