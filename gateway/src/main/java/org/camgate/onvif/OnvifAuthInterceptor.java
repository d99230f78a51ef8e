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
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.UserConfig;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.namespace.QName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates every ONVIF call before it is invoked: WS-Security UsernameToken (PasswordDigest)
 * or HTTP Digest, with the gateway's users. Pre-auth operations pass without credentials; any
 * other call without valid credentials gets HTTP 401 with a Digest challenge and a
 * {@code ter:NotAuthorized} fault. Records who called in the exchange as an {@link OnvifCaller}.
 */
public final class OnvifAuthInterceptor extends AbstractSoapInterceptor {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final QName SECURITY = new QName(WSSE, "Security");

    private final UsernameTokenVerifier tokens;
    private final ReaderAuthenticator digest;
    private final Map<String, UserConfig> users;
    private final AuditLog audit;
    private final Clock clock;
    private final int fallbackPort;

    public OnvifAuthInterceptor(UsernameTokenVerifier tokens, ReaderAuthenticator digest, Map<String, UserConfig> users,
                                AuditLog audit, Clock clock, int fallbackPort) {
        super(Phase.PRE_INVOKE);
        this.tokens = tokens;
        this.digest = digest;
        this.users = Map.copyOf(users);
        this.audit = audit;
        this.clock = clock;
        this.fallbackPort = fallbackPort;
    }

    /**
     * WS-Security, and the WS-Addressing headers clients send with {@code mustUnderstand}: camgate
     * routes by address and body, so it needs nothing from them (CXF's addressing feature would
     * instead refuse clients that leave out MessageID or ReplyTo).
     */
    private static final Set<QName> UNDERSTOOD = understood();

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
        String remote = request == null ? "unknown" : request.getRemoteAddr() + ":" + request.getRemotePort();
        BindingOperationInfo op = message.getExchange().getBindingOperationInfo();
        String operation = op == null ? "unknown" : op.getName().getLocalPart();
        HostHeader host = HostHeader.parse(request == null ? null : request.getHeader("Host"),
                request == null ? "127.0.0.1" : request.getLocalAddr(), request == null ? fallbackPort : request.getLocalPort());

        Element token = usernameToken(message);
        String user = null;
        String failure = null;
        String claimed = null;
        if (token != null) {
            claimed = text(token, "Username");
            Element password = child(token, "Password");
            UsernameTokenVerifier.Result r = tokens.verify(claimed, password == null ? null : password.getTextContent(),
                    password == null ? null : password.getAttribute("Type").isEmpty() ? null : password.getAttribute("Type"),
                    text(token, "Nonce"), text(token, "Created"));
            if (r == UsernameTokenVerifier.Result.OK) {
                user = claimed;
            } else {
                failure = "ws-security: " + r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            }
        }
        String authorization = request == null ? null : request.getHeader("Authorization");
        if (user == null && authorization != null && request != null) {
            ReaderAuthenticator.Outcome outcome = digest.authenticate("POST", requestUri(request), null, authorization,
                    address(request.getRemoteAddr()));
            if (outcome instanceof ReaderAuthenticator.Granted granted) {
                user = granted.user();
                failure = null;
            } else if (outcome instanceof ReaderAuthenticator.Challenge challenge && challenge.failure() != null) {
                failure = "http digest: " + challenge.failure();
                claimed = challenge.claimedUser();
            }
        }
        if (user != null) {
            message.getExchange().put(OnvifCaller.class, new OnvifCaller(users.get(user), remote, host.host(), host.port()));
            return;
        }
        if (AccessClass.of(operation) == AccessClass.PRE_AUTH) {
            // Open to all, even with a token that fails (clients ask the time to correct their clock).
            message.getExchange().put(OnvifCaller.class, new OnvifCaller(null, remote, host.host(), host.port()));
            return;
        }
        if (failure != null) {
            audit.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(claimed).remote(remote)
                    .transport("onvif").detail("operation", operation).reason(failure).build());
        }
        if (response == null || request == null) {
            throw OnvifFaults.notAuthorized();
        }
        ReaderAuthenticator.Outcome challenge = digest.authenticate("POST", requestUri(request), null, null,
                address(request.getRemoteAddr()));
        // Written here rather than thrown: CXF's Netty transport sends no response for a 401 fault.
        response.setStatus(401);
        if (challenge instanceof ReaderAuthenticator.Challenge c) {
            c.wwwAuthenticate().forEach(v -> response.addHeader("WWW-Authenticate", v));
        }
        response.setContentType("application/soap+xml; charset=utf-8");
        try {
            byte[] body = NOT_AUTHORIZED.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.getOutputStream().flush();
        } catch (java.io.IOException e) {
            throw new Fault(e);
        }
        message.getInterceptorChain().abort();
    }

    static final String NOT_AUTHORIZED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:ter=\"" + OnvifFaults.TER + "\">"
            + "<env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized"
            + "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">Sender not authorized</env:Text>"
            + "</env:Reason></env:Fault></env:Body></env:Envelope>";

    private static String requestUri(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip); // a literal address: no lookup happens
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    private static Element usernameToken(SoapMessage message) {
        for (Header header : message.getHeaders()) {
            if (SECURITY.equals(header.getName()) && header.getObject() instanceof Element security) {
                return child(security, "UsernameToken");
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

    /** The host and port a client used, from a well-formed Host header, else the local address. */
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
                    int port = m.group(2) == null ? 80 : Integer.parseInt(m.group(2));
                    if (port > 0 && port <= 65535) {
                        return new HostHeader(h, port);
                    }
                }
            }
            return new HostHeader(localAddr, localPort);
        }
    }

}
