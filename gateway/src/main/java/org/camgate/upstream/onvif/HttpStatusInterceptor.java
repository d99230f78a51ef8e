package org.camgate.upstream.onvif;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.HTTPException;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Locale;

/**
 * Turns an HTTP error status that carries no XML (an HTML error page, plain text) into an {@link HTTPException}
 * with the status, instead of CXF's "unexpected content type" that hides it.
 */
final class HttpStatusInterceptor extends AbstractPhaseInterceptor<Message> {
    HttpStatusInterceptor() {
        super(Phase.RECEIVE);
    }

    @Override
    public void handleMessage(Message message) {
        Object code = message.get(Message.RESPONSE_CODE);
        if (!(code instanceof Integer status) || status < 300) {
            return;
        }
        Object type = message.get(Message.CONTENT_TYPE);
        String contentType = type == null ? "" : type.toString().toLowerCase(Locale.ROOT);
        if (contentType.contains("xml")) {
            return;
        }
        Object address = message.getExchange() == null ? null
                : message.getExchange().getOutMessage() == null ? null
                : message.getExchange().getOutMessage().get(Message.ENDPOINT_ADDRESS);
        try {
            throw new Fault(new HTTPException(status, "", new URL(String.valueOf(address))));
        } catch (MalformedURLException e) {
            throw new Fault(new IllegalStateException("HTTP " + status));
        }
    }
}
