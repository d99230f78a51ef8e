package org.camgate.upstream.onvif;

import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.helpers.DOMUtils;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.security.SecureRandom;

/**
 * Adds a WS-Security UsernameToken (PasswordDigest) to every request of one client, with Created taken
 * from the camera's clock ({@link CameraTime}) so that a camera with a skewed clock accepts it. A fresh
 * 16-byte nonce per request.
 */
final class UsernameTokenInterceptor extends AbstractSoapInterceptor {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String PASSWORD_DIGEST =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    static final String BASE64 =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    private final String username;
    private final String password;
    private final CameraTime cameraTime;
    private final SecureRandom random = new SecureRandom();

    UsernameTokenInterceptor(String username, String password, CameraTime cameraTime) {
        super(Phase.PRE_PROTOCOL);
        this.username = username;
        this.password = password;
        this.cameraTime = cameraTime;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        UsernameToken token = UsernameToken.create(username, password, nonce, cameraTime.now());
        message.getHeaders().add(new SoapHeader(new QName(WSSE, "Security"), element(token)));
    }

    static Element element(UsernameToken token) {
        Document doc = DOMUtils.createDocument();
        Element security = doc.createElementNS(WSSE, "wsse:Security");
        security.setAttribute("xmlns:wsse", WSSE);
        security.setAttribute("xmlns:wsu", WSU);
        Element ut = child(security, WSSE, "wsse:UsernameToken");
        child(ut, WSSE, "wsse:Username").setTextContent(token.username());
        Element pw = child(ut, WSSE, "wsse:Password");
        pw.setAttribute("Type", PASSWORD_DIGEST);
        pw.setTextContent(token.digest());
        Element nonce = child(ut, WSSE, "wsse:Nonce");
        nonce.setAttribute("EncodingType", BASE64);
        nonce.setTextContent(token.nonce());
        child(ut, WSU, "wsu:Created").setTextContent(token.created());
        return security;
    }

    private static Element child(Element parent, String ns, String name) {
        Element e = parent.getOwnerDocument().createElementNS(ns, name);
        parent.appendChild(e);
        return e;
    }
}
