package org.camgate.upstream.onvif;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** SOAP 1.2 answers a camera gives, for WireMock stubs. */
final class CameraAnswers {
    static final String SOAP = "application/soap+xml; charset=utf-8";

    private CameraAnswers() {
    }

    static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\""
                + " xmlns:tev=\"http://www.onvif.org/ver10/events/wsdl\" xmlns:tt=\"http://www.onvif.org/ver10/schema\""
                + " xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\" xmlns:wsa=\"http://www.w3.org/2005/08/addressing\""
                + " xmlns:tns1=\"http://www.onvif.org/ver10/topics\" xmlns:ter=\"http://www.onvif.org/ver10/error\">"
                + "<env:Body>" + body + "</env:Body></env:Envelope>";
    }

    static String dateTime(Instant cameraNow) {
        ZonedDateTime t = cameraNow.atZone(ZoneOffset.UTC);
        return envelope("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
                + "<tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
                + "<tt:UTCDateTime><tt:Time><tt:Hour>" + t.getHour() + "</tt:Hour><tt:Minute>" + t.getMinute()
                + "</tt:Minute><tt:Second>" + t.getSecond() + "</tt:Second></tt:Time>"
                + "<tt:Date><tt:Year>" + t.getYear() + "</tt:Year><tt:Month>" + t.getMonthValue() + "</tt:Month><tt:Day>"
                + t.getDayOfMonth() + "</tt:Day></tt:Date></tt:UTCDateTime>"
                + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>");
    }

    static String services(String base) {
        return envelope("<tds:GetServicesResponse>"
                + service("http://www.onvif.org/ver10/device/wsdl", base + "/onvif/device_service")
                + service("http://www.onvif.org/ver10/media/wsdl", base + "/onvif/media_service")
                + service("http://www.onvif.org/ver10/events/wsdl", base + "/onvif/event_service")
                + "</tds:GetServicesResponse>");
    }

    private static String service(String ns, String xaddr) {
        return "<tds:Service><tds:Namespace>" + ns + "</tds:Namespace><tds:XAddr>" + xaddr
                + "</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>";
    }

    static String capabilities(String base) {
        return envelope("<tds:GetCapabilitiesResponse><tds:Capabilities>"
                + "<tt:Events><tt:XAddr>" + base + "/onvif/event_service</tt:XAddr><tt:WSSubscriptionPolicySupport>false"
                + "</tt:WSSubscriptionPolicySupport><tt:WSPullPointSupport>true</tt:WSPullPointSupport>"
                + "<tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport>"
                + "</tt:Events>"
                + "<tt:Media><tt:XAddr>" + base + "/onvif/media_service</tt:XAddr></tt:Media>"
                + "</tds:Capabilities></tds:GetCapabilitiesResponse>");
    }

    static String profiles() {
        return envelope("<trt:GetProfilesResponse>"
                + profile("jpeg", "JPEG", 640, 360)
                + profile("main", "H264", 1280, 720)
                + "</trt:GetProfilesResponse>");
    }

    private static String profile(String token, String encoding, int w, int h) {
        return "<trt:Profiles token=\"" + token + "\" fixed=\"true\"><tt:Name>" + token + "</tt:Name>"
                + "<tt:VideoSourceConfiguration token=\"vsc0\"><tt:Name>vsc</tt:Name><tt:UseCount>2</tt:UseCount>"
                + "<tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x=\"0\" y=\"0\" width=\"" + w + "\" height=\"" + h
                + "\"/></tt:VideoSourceConfiguration>"
                + "<tt:VideoEncoderConfiguration token=\"enc-" + token + "\"><tt:Name>enc</tt:Name><tt:UseCount>1</tt:UseCount>"
                + "<tt:Encoding>" + encoding + "</tt:Encoding><tt:Resolution><tt:Width>" + w + "</tt:Width><tt:Height>" + h
                + "</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality>"
                + "<tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration>"
                + "</trt:Profiles>";
    }

    static String streamUri(String uri) {
        return envelope("<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>" + uri + "</tt:Uri>"
                + "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>true</tt:InvalidAfterReboot>"
                + "<tt:Timeout>PT60S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>");
    }

    static String fault(String subcode, String reason) {
        return envelope("<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>" + subcode
                + "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">" + reason
                + "</env:Text></env:Reason></env:Fault>");
    }

    static String pullPoint(String address, Instant now, long grantedSeconds) {
        return envelope("<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>" + address
                + "</wsa:Address></tev:SubscriptionReference><wsnt:CurrentTime>" + now + "</wsnt:CurrentTime>"
                + "<wsnt:TerminationTime>" + now.plusSeconds(grantedSeconds) + "</wsnt:TerminationTime>"
                + "</tev:CreatePullPointSubscriptionResponse>");
    }

    static String messages(Instant now, long remainingSeconds, String... notifications) {
        return envelope("<tev:PullMessagesResponse><tev:CurrentTime>" + now + "</tev:CurrentTime><tev:TerminationTime>"
                + now.plusSeconds(remainingSeconds) + "</tev:TerminationTime>" + String.join("", notifications)
                + "</tev:PullMessagesResponse>");
    }

    static String motionAlarm(String operation, boolean state, Instant at) {
        return "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">"
                + "tns1:VideoSource/MotionAlarm</wsnt:Topic><wsnt:Message><tt:Message UtcTime=\"" + at
                + "\" PropertyOperation=\"" + operation + "\"><tt:Source><tt:SimpleItem Name=\"Source\" Value=\"vs0\"/>"
                + "</tt:Source><tt:Data><tt:SimpleItem Name=\"State\" Value=\"" + state + "\"/></tt:Data></tt:Message>"
                + "</wsnt:Message></wsnt:NotificationMessage>";
    }

    static String renewed(Instant now, long grantedSeconds) {
        return envelope("<wsnt:RenewResponse><wsnt:TerminationTime>" + now.plusSeconds(grantedSeconds)
                + "</wsnt:TerminationTime><wsnt:CurrentTime>" + now + "</wsnt:CurrentTime></wsnt:RenewResponse>");
    }
}
