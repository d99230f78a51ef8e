package org.camgate.onvif;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;

/** The caller of the ONVIF operation being invoked on this thread, as {@link OnvifAuthInterceptor} recorded it. */
final class Calls {
    private Calls() {
    }

    static OnvifCaller caller() {
        Message m = PhaseInterceptorChain.getCurrentMessage();
        OnvifCaller caller = m == null ? null : m.getExchange().get(OnvifCaller.class);
        if (caller == null) {
            throw OnvifFaults.notAuthorized();
        }
        return caller;
    }

    /** The caller, who must be an authenticated user. */
    static OnvifCaller user() {
        OnvifCaller caller = caller();
        if (caller.user() == null) {
            throw OnvifFaults.notAuthorized();
        }
        return caller;
    }
}
