package org.camgate.upstream.onvif;

import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.XMLGregorianCalendar;
import java.time.Instant;

/** XML Schema dateTime values from cameras as instants; a value without zone is taken as UTC. */
final class XmlTimes {
    private XmlTimes() {
    }

    static Instant instant(XMLGregorianCalendar value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        XMLGregorianCalendar v = value;
        if (v.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            v = (XMLGregorianCalendar) value.clone();
            v.setTimezone(0);
        }
        return v.toGregorianCalendar().toInstant();
    }
}
