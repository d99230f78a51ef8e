package org.camgate.sim.onvif;

import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;

import javax.xml.namespace.QName;

/** SOAP 1.2 faults the simulated device answers with, ONVIF error subcodes ({@code ter:}). */
final class SimFaults {
    static final String TER = "http://www.onvif.org/ver10/error";

    private SimFaults() {
    }

    static SoapFault notSupported() {
        return fault(false, "ActionNotSupported", "Optional Action Not Implemented", 500);
    }

    static SoapFault notAuthorized() {
        return fault(true, "NotAuthorized", "Sender not Authorized", 400);
    }

    static SoapFault invalidArg(String what) {
        return fault(true, "InvalidArgVal", what, 400);
    }

    static SoapFault tooMany(String what) {
        return fault(false, "MaxPullPoints", what, 500);
    }

    private static SoapFault fault(boolean sender, String subcode, String reason, int status) {
        SoapFault f = new SoapFault(reason, sender ? Soap12.getInstance().getSender() : Soap12.getInstance().getReceiver());
        f.addSubCode(new QName(TER, subcode, "ter"));
        f.setStatusCode(status);
        return f;
    }
}
