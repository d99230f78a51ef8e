package org.camgate.onvif;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.camgate.access.AccessPolicy;
import org.camgate.access.LoginThrottle;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.UserConfig;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.namespace.QName;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates every ONVIF call that CXF handles before it is invoked (the decision is the {@link OnvifAuthenticator}'s,
 * shared with {@link OnvifFastPath}), and asks the gateway's access policy about it: WS-Security
 * UsernameToken (PasswordDigest) or HTTP Digest, with the gateway's users. Pre-auth operations ask the policy's
 * network rules and pass without credentials; any other call needs a user the policy accepts, else HTTP 401 with a
 * Digest challenge and a {@code ter:NotAuthorized} fault (or 403 when the policy refuses the address). Records who
 * called in the exchange as an {@link OnvifCaller}; operations about one camera ask the policy again (see
 * {@link MediaAccess}).
 *
 * <p>Password guessing is slowed as on every way in: before a UsernameToken is checked the shared
 * {@link LoginThrottle} is asked, and during a lockout the token is refused unchecked (the right password too);
 * failures and successes are counted there. HTTP Digest goes through the {@link ReaderAuthenticator}, which asks the
 * same throttle. Refusals during a lockout are answered late, on a timer ({@link OnvifChannels#answerLate}): no
 * thread waits.
 */
public final class OnvifAuthInterceptor extends AbstractSoapInterceptor {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final QName SECURITY = new QName(WSSE, "Security");

    private final OnvifAuthenticator authenticator;
    private final int fallbackPort;

    public OnvifAuthInterceptor(UsernameTokenVerifier tokens, ReaderAuthenticator digest, AccessPolicy policy,
                                LoginThrottle throttle, Map<String, UserConfig> users, AuditLog audit, Clock clock,
                                int fallbackPort) {
        this(new OnvifAuthenticator(tokens, digest, policy, throttle, users, audit, clock), fallbackPort);
    }

    OnvifAuthInterceptor(OnvifAuthenticator authenticator, int fallbackPort) {
        super(Phase.PRE_INVOKE);
        this.authenticator = authenticator;
        this.fallbackPort = fallbackPort;
    }

    /**
     * WS-Security, and the WS-Addressing headers clients send with {@code mustUnderstand}: camgate
     * routes by address and body, so it needs nothing from them (CXF's addressing feature would
     * instead refuse clients that leave out MessageID or ReplyTo).
     */
    static final Set<QName> UNDERSTOOD = understood();

    private static Set<QName> understood() {
        Set<QName> names = new java.util.HashSet<>();
        names.add(SECURITY);
        for (String ns : new String[] {"http://www.w3.org/2005/08/addressing", "http://schemas.xmlsoap.org/ws/2004/08/addressing"}) {
            for (String h : new String[] {"Action", "To", "MessageID", "ReplyTo", "From", "FaultTo", "RelatesTo"}) {
                names.add(new QName(ns, h));
            }
        }
        return Set.copyOf(names);
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        return UNDERSTOOD;
    }

    @Override
    public void handleMessage(SoapMessage message) throws Fault {
        HttpServletRequest request = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
        HttpServletResponse response = (HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE);
        if (request == null || response == null) {
            throw OnvifFaults.notAuthorized();
        }
        InetSocketAddress peer = OnvifChannels.peer(request);
        BindingOperationInfo op = message.getExchange().getBindingOperationInfo();
        String operation = op == null ? "unknown" : op.getName().getLocalPart();
        HostHeader host = HostHeader.parse(request.getHeader("Host"), request.getLocalAddr(),
                request.getLocalPort() > 0 ? request.getLocalPort() : fallbackPort);
        OnvifAuthenticator.Verdict verdict = authenticator.check(usernameToken(message), request.getHeader("Authorization"),
                requestUri(request), peer, operation, host, OnvifChannels::authenticated);
        if (verdict instanceof OnvifAuthenticator.Allowed allowed) {
            message.getExchange().put(OnvifCaller.class, allowed.caller());
            return;
        }
        OnvifAuthenticator.Refused refused = (OnvifAuthenticator.Refused) verdict;
        // Written here rather than thrown: CXF's Netty transport sends no response for a 401 fault.
        answer(response, refused.status(), refused.body(), refused.wwwAuthenticate(),
                refused.headers().toArray(String[]::new));
        OnvifChannels.answerLate(response, refused.late());
        if (refused.closeAfter()) {
            OnvifChannels.closeAfter(response);
        }
        message.getInterceptorChain().abort();
    }

    /** Writes a complete SOAP answer; {@code headers} are name, value pairs. */
    private static void answer(HttpServletResponse response, int status, String body, List<String> wwwAuthenticate,
                               String... headers) {
        response.setStatus(status);
        wwwAuthenticate.forEach(v -> response.addHeader("WWW-Authenticate", v));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.setHeader(headers[i], headers[i + 1]);
        }
        response.setContentType("application/soap+xml; charset=utf-8");
        try {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            response.getOutputStream().flush();
        } catch (java.io.IOException e) {
            throw new Fault(e);
        }
    }

    static final String NOT_AUTHORIZED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:ter=\"" + OnvifFaults.TER + "\">"
            + "<env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized"
            + "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">Sender not authorized</env:Text>"
            + "</env:Reason></env:Fault></env:Body></env:Envelope>";

    static final String FORBIDDEN = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:ter=\"" + OnvifFaults.TER + "\">"
            + "<env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized"
            + "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">Access refused</env:Text>"
            + "</env:Reason></env:Fault></env:Body></env:Envelope>";

    static final String BUSY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\">"
            + "<env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason>"
            + "<env:Text xml:lang=\"en\">Server busy: too many recent WS-Security tokens; retry shortly</env:Text>"
            + "</env:Reason></env:Fault></env:Body></env:Envelope>";

    private static String requestUri(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    private static OnvifAuthenticator.Token usernameToken(SoapMessage message) {
        for (Header header : message.getHeaders()) {
            if (SECURITY.equals(header.getName()) && header.getObject() instanceof Element security) {
                Element token = child(security, "UsernameToken");
                if (token == null) {
                    return null;
                }
                Element password = child(token, "Password");
                return new OnvifAuthenticator.Token(text(token, "Username"),
                        password == null ? null : password.getTextContent(),
                        password == null || password.getAttribute("Type").isEmpty() ? null : password.getAttribute("Type"),
                        text(token, "Nonce"), text(token, "Created"));
            }
        }
        return null;
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String localName) {
        Element e = child(parent, localName);
        return e == null ? null : e.getTextContent();
    }

    /**
     * The host and port a client used, from a well-formed Host header (the connection's local port when the header
     * names none), else the local address and port.
     */
    record HostHeader(String host, int port) {
        private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
                "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]{1,253})(?::(\\d{1,5}))?");

        static HostHeader parse(String header, String localAddr, int localPort) {
            if (header != null) {
                java.util.regex.Matcher m = HOST.matcher(header.trim());
                if (m.matches()) {
                    String h = m.group(1);
                    if (h.startsWith("[")) {
                        h = h.substring(1, h.length() - 1);
                    }
                    // No port: the port the connection came in on (clients such as libonvif leave it out even
                    // when it is not 80, and answers must name the port that works).
                    int port = m.group(2) == null ? localPort : Integer.parseInt(m.group(2));
                    if (port > 0 && port <= 65535) {
                        return new HostHeader(h, port);
                    }
                }
            }
            return new HostHeader(localAddr, localPort);
        }
    }

}
