package org.camgate.sim.onvif;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as xs:dateTime in UTC with {@code Z}. */
final class XmlTime {
    private XmlTime() {
    }

    static XMLGregorianCalendar of(Instant t) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(t.truncatedTo(ChronoUnit.SECONDS).toString());
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
