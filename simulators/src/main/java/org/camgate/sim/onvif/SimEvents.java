package org.camgate.sim.onvif;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import org.camgate.onvif.wsdl.events.Capabilities;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscription;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscriptionResponse;
import org.camgate.onvif.wsdl.events.EventPortType;
import org.camgate.onvif.wsdl.events.GetEventProperties;
import org.camgate.onvif.wsdl.events.GetEventPropertiesResponse;
import org.camgate.onvif.wsdl.events.GetServiceCapabilities;
import org.camgate.onvif.wsdl.events.GetServiceCapabilitiesResponse;
import org.camgate.onvif.wsdl.wsa.AttributedURIType;
import org.camgate.onvif.wsdl.wsa.EndpointReferenceType;

import java.time.Clock;

/** The simulated events service: creates pull-point subscriptions at {@code /onvif/subscription?id=N}. */
@WebService(serviceName = "EventService", portName = "EventPortType", targetNamespace = "http://www.onvif.org/ver10/events/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.events.EventPortType",
        wsdlLocation = "classpath:onvif/ver10/events/wsdl/event.wsdl")
final class SimEvents implements EventPortType {
    private final SimPullPoints points;
    private final Clock deviceClock;
    private final String fallbackHost;

    @Resource
    private WebServiceContext context;

    SimEvents(SimPullPoints points, Clock deviceClock, String fallbackHost) {
        this.points = points;
        this.deviceClock = deviceClock;
        this.fallbackHost = fallbackHost;
    }

    @Override
    public CreatePullPointSubscriptionResponse createPullPointSubscription(CreatePullPointSubscription parameters) {
        SimPullPoints.PullPoint p = points.create(parameters.getInitialTerminationTime(), filter(parameters));
        AttributedURIType address = new AttributedURIType();
        address.setValue(RequestBase.of(context, fallbackHost) + SimOnvifCamera.SUBSCRIPTION_PATH + "?id=" + p.id);
        EndpointReferenceType epr = new EndpointReferenceType();
        epr.setAddress(address);
        CreatePullPointSubscriptionResponse r = new CreatePullPointSubscriptionResponse();
        r.setSubscriptionReference(epr);
        r.setCurrentTime(XmlTime.of(deviceClock.instant()));
        r.setTerminationTime(XmlTime.of(p.termination));
        return r;
    }

    /** The topics (without prefixes) of a ConcreteSet topic filter, or null without a filter. */
    static java.util.Set<String> filter(CreatePullPointSubscription parameters) {
        if (parameters.getFilter() == null) {
            return null;
        }
        java.util.Set<String> topics = new java.util.HashSet<>();
        boolean any = false;
        for (Object o : parameters.getFilter().getAny()) {
            String text = null;
            if (o instanceof org.w3c.dom.Element e && "TopicExpression".equals(e.getLocalName())) {
                text = e.getTextContent();
            } else if (o instanceof jakarta.xml.bind.JAXBElement<?> j
                    && j.getValue() instanceof org.camgate.onvif.wsdl.wsn.TopicExpressionType t) {
                StringBuilder b = new StringBuilder();
                t.getContent().forEach(c -> b.append(c instanceof String s ? s : ""));
                text = b.toString();
            }
            if (text == null) {
                continue;
            }
            any = true;
            for (String part : text.split("\\|")) {
                String p = part.trim();
                if (!p.isEmpty()) {
                    topics.add(p.substring(p.indexOf(':') + 1));
                }
            }
        }
        return any ? topics : null;
    }

    @Override
    public GetServiceCapabilitiesResponse getServiceCapabilities(GetServiceCapabilities parameters) {
        Capabilities c = new Capabilities();
        c.setWSPullPointSupport(true);
        c.setWSSubscriptionPolicySupport(false);
        c.setWSPausableSubscriptionManagerInterfaceSupport(false);
        c.setMaxPullPoints(SimPullPoints.MAX);
        GetServiceCapabilitiesResponse r = new GetServiceCapabilitiesResponse();
        r.setCapabilities(c);
        return r;
    }

    @Override
    public GetEventPropertiesResponse getEventProperties(GetEventProperties parameters) {
        throw SimFaults.notSupported();
    }
}
