package org.camgate.sim.onvif;

import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.handler.MessageContext;

import java.util.List;
import java.util.Map;

/** The {@code http://host:port} a client used to reach the device (its Host header), for XAddrs. */
final class RequestBase {
    private RequestBase() {
    }

    static String of(WebServiceContext context, String fallbackHostPort) {
        String host = null;
        try {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> headers = (Map<String, List<String>>) context.getMessageContext()
                    .get(MessageContext.HTTP_REQUEST_HEADERS);
            if (headers != null) {
                for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                    if ("host".equalsIgnoreCase(e.getKey()) && !e.getValue().isEmpty()) {
                        host = e.getValue().get(0).trim();
                    }
                }
            }
        } catch (IllegalStateException outsideRequest) {
            host = null;
        }
        if (host == null || host.isEmpty() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            host = fallbackHostPort;
        }
        return "http://" + host;
    }
}
