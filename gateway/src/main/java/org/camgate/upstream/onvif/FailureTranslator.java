package org.camgate.upstream.onvif;

import jakarta.xml.soap.SOAPFault;
import jakarta.xml.ws.soap.SOAPFaultException;
import org.apache.cxf.transport.http.HTTPException;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;

/**
 * Turns what CXF throws for a failed call into an {@link OnvifException} that says, in user words, what went
 * wrong: timeout, refused connection, refused credentials, a SOAP fault (code and reason), an HTTP status, or
 * an answer that is not SOAP. Camera-supplied text is shortened and stripped of control characters.
 */
final class FailureTranslator {
    private static final int MAX_DETAIL = 200;
    private static final String UNRESOLVED_FAULT_CODE = "Invalid QName in mapping: ";

    private FailureTranslator() {
    }

    static OnvifException translate(String cameraId, String operation, String address, Duration receiveTimeout,
                                    Throwable error) {
        String where = " (" + address + ")";
        if (error instanceof OnvifException onvif) {
            return onvif;
        }
        if (error instanceof SOAPFaultException soap) {
            return fault(cameraId, operation, where, soap);
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return new OnvifException(cameraId, operation, OnvifFailure.UNREACHABLE,
                        "cannot connect" + where + ": " + clean(t.getMessage()), error);
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
                return new OnvifException(cameraId, operation, OnvifFailure.TIMEOUT,
                        "no answer within " + receiveTimeout.toMillis() + " ms" + where, error);
            }
            String text = t.getMessage() == null ? "" : t.getMessage();
            if (text.startsWith(UNRESOLVED_FAULT_CODE)) {
                // CXF parses a SOAP 1.2 fault detached from the envelope, so a subcode whose prefix the camera
                // declared on the Envelope (most do) cannot be resolved: the code is all that is left.
                String code = text.substring(UNRESOLVED_FAULT_CODE.length()).trim();
                String local = code.substring(code.indexOf(':') + 1);
                if ("NotAuthorized".equals(local) || "FailedAuthentication".equals(local)) {
                    return notAuthorized(cameraId, operation, where, "SOAP fault " + clean(code), error);
                }
                return new OnvifException(cameraId, operation, OnvifFailure.FAULT,
                        "SOAP fault " + clean(code) + where, error);
            }
            if (text.startsWith("Authorization loop detected")) {
                return notAuthorized(cameraId, operation, where, "HTTP 401", error);
            }
            if (t instanceof HTTPException http) {
                if (http.getResponseCode() == 401) {
                    return notAuthorized(cameraId, operation, where, "HTTP 401", error);
                }
                return new OnvifException(cameraId, operation, OnvifFailure.HTTP_STATUS,
                        "HTTP " + http.getResponseCode() + " " + clean(http.getResponseMessage()) + where, error);
            }
            if (t instanceof XMLStreamException || t instanceof jakarta.xml.bind.UnmarshalException) {
                return new OnvifException(cameraId, operation, OnvifFailure.BAD_ANSWER,
                        "the answer is not a valid SOAP message" + where + ": " + clean(describe(t)), error);
            }
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("401") && lower.contains("unauthorized")) {
            return notAuthorized(cameraId, operation, where, "HTTP 401", error);
        }
        if (lower.contains("timed out") || lower.contains("timeout")) {
            return new OnvifException(cameraId, operation, OnvifFailure.TIMEOUT,
                    "no answer within " + receiveTimeout.toMillis() + " ms" + where, error);
        }
        return new OnvifException(cameraId, operation, OnvifFailure.BAD_ANSWER,
                "unexpected answer" + where + ": " + clean(message), error);
    }

    private static OnvifException fault(String cameraId, String operation, String where, SOAPFaultException soap) {
        SOAPFault fault = soap.getFault();
        StringBuilder codes = new StringBuilder();
        boolean notAuthorized = false;
        try {
            QName code = fault.getFaultCodeAsQName();
            codes.append(code == null ? "?" : code.getLocalPart());
            for (Iterator<QName> it = fault.getFaultSubcodes(); it.hasNext(); ) {
                QName sub = it.next();
                codes.append('/').append(sub.getLocalPart());
                notAuthorized |= "NotAuthorized".equals(sub.getLocalPart())
                        || "FailedAuthentication".equals(sub.getLocalPart());
            }
        } catch (UnsupportedOperationException soap11) {
            // SOAP 1.1 faults have no subcodes
        }
        String reason = clean(fault.getFaultString());
        if (notAuthorized || reason.toLowerCase(Locale.ROOT).contains("not authorized")) {
            return notAuthorized(cameraId, operation, where, "SOAP fault " + codes + ": " + reason, soap);
        }
        return new OnvifException(cameraId, operation, OnvifFailure.FAULT,
                "SOAP fault " + codes + ": " + reason + where, soap);
    }

    private static OnvifException notAuthorized(String cameraId, String operation, String where, String detail,
                                                Throwable cause) {
        return new OnvifException(cameraId, operation, OnvifFailure.NOT_AUTHORIZED,
                "the camera refused the configured username/password (" + detail + ")" + where, cause);
    }

    /** The first non-empty message along the cause chain (JAXB keeps its detail in a linked exception). */
    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return c.getMessage();
            }
            if (c instanceof jakarta.xml.bind.JAXBException j && j.getLinkedException() != null
                    && j.getLinkedException().getMessage() != null) {
                return j.getLinkedException().getMessage();
            }
        }
        return t.getClass().getSimpleName();
    }

    /** Camera-supplied text, shortened and without control characters. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("[\\p{Cntrl}]+", " ").trim();
        return flat.length() <= MAX_DETAIL ? flat : flat.substring(0, MAX_DETAIL) + "...";
    }
}
