package org.camgate.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.camgate.event.Event;

/**
 * The contract payload of an event: one JSON object with {@code id}, {@code time} (ISO-8601 UTC), {@code site},
 * {@code source} {kind, id, type}, {@code event}, {@code state} (start | end | instant), {@code zone} (only when the
 * event has one) and {@code data} (measurements), in that order.
 */
public final class EventJson {
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory factory = mapper.getFactory();

    public byte[] write(Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("time", e.time().toString());
            g.writeStringField("site", e.site());
            g.writeObjectFieldStart("source");
            g.writeStringField("kind", e.source().kind());
            g.writeStringField("id", e.source().id());
            g.writeStringField("type", e.source().type());
            g.writeEndObject();
            g.writeStringField("event", e.event());
            g.writeStringField("state", e.state().wire());
            if (e.zone() != null) {
                g.writeStringField("zone", e.zone());
            }
            g.writeFieldName("data");
            g.writeStartObject();
            Map<String, Object> data = e.data().size() > 1 ? new TreeMap<>(e.data()) : e.data(); // stable order
            for (Map.Entry<String, Object> d : data.entrySet()) {
                g.writeFieldName(d.getKey());
                g.writeObject(d.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
