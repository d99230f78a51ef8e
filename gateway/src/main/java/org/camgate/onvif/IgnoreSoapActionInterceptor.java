package org.camgate.onvif;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.binding.soap.interceptor.SoapActionInInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;

import java.util.List;
import java.util.Map;

/**
 * Dispatches by the body element only, as ONVIF devices do: clients send differing SOAP actions
 * (npm onvif: {@code .../events/wsdl/CreatePullPointSubscription}; the WSDL: {@code .../EventPortType/
 * CreatePullPointSubscriptionRequest}), and CXF would refuse an action that matches no operation.
 */
final class IgnoreSoapActionInterceptor extends AbstractSoapInterceptor {

    IgnoreSoapActionInterceptor() {
        super(Phase.READ);
        addBefore(SoapActionInInterceptor.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) throws Fault {
        String contentType = (String) message.get(Message.CONTENT_TYPE);
        if (contentType != null && contentType.contains("action")) {
            message.put(Message.CONTENT_TYPE, contentType.replaceAll(";\\s*action\\s*=\\s*(\"[^\"]*\"|[^;]*)", ""));
        }
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
        if (headers != null) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase("SOAPAction"));
            List<String> ct = headers.get("Content-Type");
            if (ct != null) {
                headers.put("Content-Type", ct.stream()
                        .map(v -> v.replaceAll(";\\s*action\\s*=\\s*(\"[^\"]*\"|[^;]*)", "")).toList());
            }
        }
    }
}
