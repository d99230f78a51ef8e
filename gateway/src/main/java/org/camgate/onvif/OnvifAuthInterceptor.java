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
import org.camgate.access.Decision;
import org.camgate.access.LogSafe;
import org.camgate.access.LoginThrottle;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.UserConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.namespace.QName;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates every ONVIF call before it is invoked, and asks the gateway's access policy about it: WS-Security
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
    private static final Logger log = LoggerFactory.getLogger(OnvifAuthInterceptor.class);
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final QName SECURITY = new QName(WSSE, "Security");
    /** How often at most the log says that the WS-Security replay memory refuses tokens (the audit has each). */
    private static final long BUSY_LOG_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final UsernameTokenVerifier tokens;
    private final ReaderAuthenticator digest;
    private final AccessPolicy policy;
    private final LoginThrottle throttle;
    private final Map<String, UserConfig> users;
    private final AuditLog audit;
    private final Clock clock;
    private final int fallbackPort;
    private final java.util.concurrent.atomic.AtomicLong lastBusyLog = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - BUSY_LOG_INTERVAL_NANOS);

    public OnvifAuthInterceptor(UsernameTokenVerifier tokens, ReaderAuthenticator digest, AccessPolicy policy,
                                LoginThrottle throttle, Map<String, UserConfig> users, AuditLog audit, Clock clock,
                                int fallbackPort) {
        super(Phase.PRE_INVOKE);
        this.tokens = tokens;
        this.digest = digest;
        this.policy = policy;
        this.throttle = throttle;
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

    /**
     * What the request's credentials came to.
     *
     * @param user      the authenticated user, or null
     * @param claimed   the user name claimed by credentials that failed, or null
     * @param failure   why credentials were refused, or null (none sent, or accepted)
     * @param crossed   this failure put a counter over its limit (logged and audited once)
     * @param delay     how late a refusal is answered
     * @param challenge the Digest challenge of a failed Digest attempt (fresh nonce, stale flag), or null
     * @param busy      a correct token was refused because the replay memory is full
     */
    private record Login(String user, String claimed, String failure, boolean crossed, Duration delay,
                         ReaderAuthenticator.Challenge challenge, boolean busy) {
    }

    @Override
    public void handleMessage(SoapMessage message) throws Fault {
        HttpServletRequest request = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
        HttpServletResponse response = (HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE);
        if (request == null || response == null) {
            throw OnvifFaults.notAuthorized();
        }
        InetSocketAddress peer = OnvifChannels.peer(request);
        String remote = AuditEvent.formatRemote(peer);
        BindingOperationInfo op = message.getExchange().getBindingOperationInfo();
        String operation = op == null ? "unknown" : op.getName().getLocalPart();
        AccessClass access = AccessClass.of(operation);
        HostHeader host = HostHeader.parse(request.getHeader("Host"), request.getLocalAddr(),
                request.getLocalPort() > 0 ? request.getLocalPort() : fallbackPort);

        Login login = login(message, request, peer, remote, operation);
        if (login.failure() != null) {
            audit.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(login.claimed()).remote(remote)
                    .transport("onvif").detail("operation", operation).reason(login.failure()).build());
        }
        if (login.crossed()) {
            log.warn("{}: repeated ONVIF authentication failures; refusing its logins unchecked and answering late",
                    peer.getAddress().getHostAddress());
            audit.record(AuditEvent.builder(AuditEvent.RATE_LIMITED, clock.instant()).remote(remote).transport("onvif")
                    .reason("repeated authentication failures").build());
        }
        if (login.user() != null) {
            OnvifChannels.authenticated();
        }
        if (login.busy() && login.user() == null && access != AccessClass.PRE_AUTH) {
            answer(response, 503, BUSY, List.of(), "Retry-After", "1");
            message.getInterceptorChain().abort();
            return;
        }
        // Pre-auth operations are open to all, even with credentials that fail (clients ask the time to correct
        // their clock): the policy's network rules decide. Anything else needs a user the policy accepts.
        Decision decision = policy.decide(access.request(peer, login.user()));
        if (decision.allowed()) {
            message.getExchange().put(OnvifCaller.class, new OnvifCaller(login.user() == null ? null
                    : users.get(login.user()), peer, host.host(), host.port()));
            return;
        }
        if (decision != Decision.UNAUTHENTICATED) {
            // Refused by the policy, which has logged and audited it. Only the network rules can refuse here (the
            // address is no longer allowed, e.g. after a reload): the connection ends too.
            answer(response, 403, FORBIDDEN, List.of());
            OnvifChannels.closeAfter(response);
            message.getInterceptorChain().abort();
            return;
        }
        ReaderAuthenticator.Outcome challenge = login.challenge() != null ? login.challenge()
                : digest.authenticate("POST", requestUri(request), null, null, peer.getAddress());
        // Written here rather than thrown: CXF's Netty transport sends no response for a 401 fault.
        answer(response, 401, NOT_AUTHORIZED, challenge instanceof ReaderAuthenticator.Challenge c
                ? c.wwwAuthenticate() : List.of());
        OnvifChannels.answerLate(response, login.delay());
        message.getInterceptorChain().abort();
    }

    private Login login(SoapMessage message, HttpServletRequest request, InetSocketAddress peer, String remote,
                        String operation) {
        InetAddress address = peer.getAddress();
        String claimed = null;
        String failure = null;
        boolean crossed = false;
        boolean busy = false;
        Duration delay = Duration.ZERO;
        Element token = usernameToken(message);
        if (token != null) {
            claimed = text(token, "Username");
            Duration lockout = throttle.lockout(address, claimed);
            if (!lockout.isZero()) {
                crossed = throttle.recordFailure(address, claimed);
                failure = "ws-security: too many failed logins: refused unchecked";
                delay = lockout;
            } else {
                Element password = child(token, "Password");
                UsernameTokenVerifier.Result r = tokens.verify(claimed,
                        password == null ? null : password.getTextContent(),
                        password == null || password.getAttribute("Type").isEmpty() ? null : password.getAttribute("Type"),
                        text(token, "Nonce"), text(token, "Created"));
                switch (r) {
                    case OK -> {
                        throttle.recordSuccess(address, claimed);
                        return new Login(claimed, null, null, false, Duration.ZERO, null, false);
                    }
                    case BUSY -> {
                        busy = true;
                        busy(claimed, peer, remote, operation);
                    }
                    // Neither says anything about the password: a clock off by minutes, or a token seen before.
                    case STALE, REPLAYED -> failure = "ws-security: " + describe(r);
                    default -> {
                        failure = "ws-security: " + describe(r);
                        crossed = throttle.recordFailure(address, claimed);
                        delay = throttle.lockout(address, claimed);
                    }
                }
            }
        }
        String authorization = request.getHeader("Authorization");
        ReaderAuthenticator.Challenge challenge = null;
        if (authorization != null) {
            ReaderAuthenticator.Outcome outcome = digest.authenticate("POST", requestUri(request), null, authorization,
                    address);
            if (outcome instanceof ReaderAuthenticator.Granted granted) {
                return new Login(granted.user(), null, null, crossed, Duration.ZERO, null, false);
            }
            challenge = (ReaderAuthenticator.Challenge) outcome;
            if (challenge.failure() != null) {
                failure = "http digest: " + challenge.failure();
                claimed = challenge.claimedUser();
            }
            crossed |= challenge.limitCrossed();
            if (challenge.delay().compareTo(delay) > 0) {
                delay = challenge.delay();
            }
        }
        return new Login(null, claimed, failure, crossed, delay, challenge, busy);
    }

    private void busy(String user, InetSocketAddress peer, String remote, String operation) {
        String reason = "ws-security replay memory full: too many recent tokens";
        audit.record(AuditEvent.builder(AuditEvent.DENIED, clock.instant()).user(user).remote(remote).transport("onvif")
                .detail("operation", operation).reason(reason).build());
        long now = System.nanoTime();
        long last = lastBusyLog.get();
        if (now - last >= BUSY_LOG_INTERVAL_NANOS && lastBusyLog.compareAndSet(last, now)) {
            log.warn("refused a correct ONVIF UsernameToken of {} from {}: {} (onvif.maxRememberedTokens; further "
                    + "refusals this minute only in the audit log)", LogSafe.text(user), peer.getAddress().getHostAddress(),
                    reason);
        }
    }

    private static String describe(UsernameTokenVerifier.Result r) {
        return r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
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
