package org.camgate.sim.onvif;

import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks the WS-Security UsernameToken (PasswordDigest) of every call but the pre-auth ones, as a camera does:
 * known user, digest over nonce + Created + password (constant-time compare), Created within 5 minutes back and
 * 1 minute ahead of the device's (possibly skewed) clock, and a nonce never seen before (bounded memory).
 * Anything else is a {@code ter:NotAuthorized} fault.
 */
final class UsernameTokenCheck extends AbstractSoapInterceptor {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final Set<String> PRE_AUTH = Set.of("GetSystemDateAndTime", "GetCapabilities", "GetServices",
            "GetServiceCapabilities", "GetHostname");
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Duration MAX_AHEAD = Duration.ofMinutes(1);
    private static final int MAX_NONCES = 10_000;

    private final String username;
    private final byte[] password;
    private final Clock deviceClock;
    private final Map<String, Instant> nonces = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_NONCES;
        }
    };
    private volatile long refused;

    UsernameTokenCheck(String username, String password, Clock deviceClock) {
        super(Phase.PRE_INVOKE);
        this.username = username;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.deviceClock = deviceClock;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        BindingOperationInfo op = message.getExchange().getBindingOperationInfo();
        if (op != null && PRE_AUTH.contains(op.getName().getLocalPart())) {
            return;
        }
        Element token = token(message);
        if (token == null || !valid(token)) {
            refused++;
            throw SimFaults.notAuthorized();
        }
    }

    /** Calls refused so far (tests). */
    long refused() {
        return refused;
    }

    private static Element token(SoapMessage message) {
        for (Header h : message.getHeaders()) {
            if (h instanceof SoapHeader && WSSE.equals(h.getName().getNamespaceURI())
                    && "Security".equals(h.getName().getLocalPart()) && h.getObject() instanceof Element security) {
                return child(security, WSSE, "UsernameToken");
            }
        }
        return null;
    }

    private boolean valid(Element token) {
        String user = text(child(token, WSSE, "Username"));
        Element pw = child(token, WSSE, "Password");
        String nonce = text(child(token, WSSE, "Nonce"));
        String created = text(child(token, WSU, "Created"));
        if (user == null || pw == null || nonce == null || created == null) {
            return false;
        }
        String type = pw.getAttribute("Type");
        if (!type.isEmpty() && !type.endsWith("#PasswordDigest")) {
            return false;
        }
        byte[] nonceBytes;
        Instant createdAt;
        byte[] given;
        try {
            nonceBytes = Base64.getDecoder().decode(nonce.trim());
            createdAt = Instant.parse(created.trim());
            given = Base64.getDecoder().decode(text(pw).trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return false;
        }
        Instant now = deviceClock.instant();
        if (createdAt.isBefore(now.minus(MAX_AGE)) || createdAt.isAfter(now.plus(MAX_AHEAD))) {
            return false;
        }
        byte[] expected = digest(nonceBytes, created.trim());
        boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
        if (!(MessageDigest.isEqual(expected, given) & userOk)) {
            return false;
        }
        synchronized (nonces) {
            nonces.values().removeIf(seen -> seen.isBefore(now.minus(MAX_AGE.plus(MAX_AHEAD))));
            return nonces.putIfAbsent(nonce.trim(), now) == null;
        }
    }

    private byte[] digest(byte[] nonce, String created) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password);
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element parent, String ns, String local) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent();
    }
}
