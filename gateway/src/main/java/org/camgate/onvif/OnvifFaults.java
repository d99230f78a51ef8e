package org.camgate.onvif;

import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;

import javax.xml.namespace.QName;
import java.util.List;

/** SOAP 1.2 faults with ONVIF's subcodes (namespace ter). */
public final class OnvifFaults {
    public static final String TER = "http://www.onvif.org/ver10/error";

    private OnvifFaults() {
    }

    /** env:Receiver / ter:ActionNotSupported: an operation camgate does not implement. */
    public static SoapFault actionNotSupported(String what) {
        return fault(what + " is not supported by this device", Soap12.getInstance().getReceiver(),
                "ActionNotSupported", null);
    }

    /** env:Sender / ter:NotAuthorized, HTTP 401. */
    public static SoapFault notAuthorized() {
        SoapFault f = fault("Sender not authorized", Soap12.getInstance().getSender(), "NotAuthorized", null);
        f.setStatusCode(401);
        return f;
    }

    /** env:Sender / ter:InvalidArgVal / {@code detail}, e.g. NoProfile, NoConfig. */
    public static SoapFault invalidArgVal(String detail, String message) {
        return fault(message, Soap12.getInstance().getSender(), "InvalidArgVal", detail);
    }

    /** env:Receiver / ter:Action / {@code detail}, e.g. MaxPullPoints. */
    public static SoapFault action(String detail, String message) {
        return fault(message, Soap12.getInstance().getReceiver(), "Action", detail);
    }

    /** env:Sender / ter:InvalidArgs: a malformed or hostile message. */
    public static SoapFault invalidArgs(String message) {
        return fault(message, Soap12.getInstance().getSender(), "InvalidArgs", null);
    }

    private static SoapFault fault(String message, QName code, String subcode, String subsubcode) {
        SoapFault f = new SoapFault(message, code);
        if (subsubcode == null) {
            f.setSubCodes(List.of(new QName(TER, subcode, "ter")));
        } else {
            f.setSubCodes(List.of(new QName(TER, subcode, "ter"), new QName(TER, subsubcode, "ter")));
        }
        return f;
    }
}
