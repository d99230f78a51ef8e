package org.camgate.onvif.events;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * WS-BaseNotification termination times: absolute ({@code xs:dateTime}) or relative
 * ({@code xs:duration}), clamped to [{@code min}, {@code max}] from now.
 */
public final class TerminationTimes {
    private final Duration min;
    private final Duration max;
    private final Duration def;
    private final DatatypeFactory xmlTypes;

    public TerminationTimes(Duration min, Duration max, Duration def) {
        this.min = min;
        this.max = max;
        this.def = def;
        try {
            // Looked up once: the factory search goes through the service loader.
            this.xmlTypes = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("no XML datatype factory", e);
        }
    }

    /** @throws IllegalArgumentException when the value is neither a dateTime nor a duration */
    public Instant resolve(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return now.plus(def);
        }
        String v = value.trim();
        Instant requested;
        if (v.startsWith("P") || v.startsWith("-P")) {
            try {
                javax.xml.datatype.Duration d = xmlTypes.newDuration(v);
                requested = now.plusMillis(d.getTimeInMillis(java.util.Date.from(now)));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // UnsupportedOperationException: a duration too large for the implementation, e.g. P9999999999Y
                throw new IllegalArgumentException("not a duration: " + v);
            }
        } else {
            try {
                requested = OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    requested = java.time.LocalDateTime.parse(v).toInstant(java.time.ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw new IllegalArgumentException("not a dateTime or duration: " + v);
                }
            }
        }
        Instant earliest = now.plus(min);
        Instant latest = now.plus(max);
        return requested.isBefore(earliest) ? earliest : requested.isAfter(latest) ? latest : requested;
    }
}
