package org.camgate.onvif;

import jakarta.jws.WebService;
import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.Protocol;
import org.camgate.onvif.events.EventTypes;
import org.camgate.onvif.events.OnvifNotification;
import org.camgate.onvif.events.PullPoint;
import org.camgate.onvif.events.PullPointRegistry;
import org.camgate.onvif.events.TerminationTimes;
import org.camgate.onvif.events.Topics;
import org.camgate.onvif.wsdl.events.Capabilities;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscription;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscriptionResponse;
import org.camgate.onvif.wsdl.events.EventPortType;
import org.camgate.onvif.wsdl.events.GetEventProperties;
import org.camgate.onvif.wsdl.events.GetEventPropertiesResponse;
import org.camgate.onvif.wsdl.events.GetServiceCapabilities;
import org.camgate.onvif.wsdl.events.GetServiceCapabilitiesResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Predicate;

/** Events: creates PullPoint subscriptions (served by {@link SubscriptionEndpoint}) and lists the topics. */
@WebService(serviceName = "EventService", portName = "EventPortType", targetNamespace = "http://www.onvif.org/ver10/events/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.events.EventPortType",
        wsdlLocation = "classpath:onvif/ver10/events/wsdl/event.wsdl")
public final class EventsEndpoint implements EventPortType {
    private final PullPointRegistry registry;
    private final TerminationTimes terminations;
    private final AccessPolicy policy;
    private final Clock clock;
    private final int maxPullPoints;

    public EventsEndpoint(PullPointRegistry registry, TerminationTimes terminations, AccessPolicy policy, Clock clock,
                          int maxPullPoints) {
        this.registry = registry;
        this.terminations = terminations;
        this.policy = policy;
        this.clock = clock;
        this.maxPullPoints = maxPullPoints;
    }

    static Capabilities capabilities(int maxPullPoints) {
        Capabilities c = new Capabilities();
        c.setWSSubscriptionPolicySupport(false);
        c.setWSPullPointSupport(true);
        c.setWSPausableSubscriptionManagerInterfaceSupport(false);
        c.setMaxNotificationProducers(0);
        if (maxPullPoints > 0) {
            c.setMaxPullPoints(maxPullPoints);
        }
        c.setPersistentNotificationStorage(false);
        return c;
    }

    @Override
    public GetServiceCapabilitiesResponse getServiceCapabilities(GetServiceCapabilities parameters) {
        GetServiceCapabilitiesResponse r = new GetServiceCapabilitiesResponse();
        r.setCapabilities(capabilities(maxPullPoints));
        return r;
    }

    @Override
    public CreatePullPointSubscriptionResponse createPullPointSubscription(CreatePullPointSubscription parameters) {
        OnvifCaller caller = Calls.user();
        Instant now = clock.instant();
        Instant termination;
        try {
            termination = terminations.resolve(parameters.getInitialTerminationTime(), now);
        } catch (IllegalArgumentException e) {
            throw OnvifFaults.invalidArgVal("InvalidTerminationTime", e.getMessage());
        }
        // A camera's events go to whom the access policy lets at the camera (asked as each event comes, so a
        // reloaded policy applies; filtering, not refusing: not audited). Sensor events only to users of every camera.
        Predicate<OnvifNotification> visible = n -> n.cameraId() == null
                ? caller.user().cameras().contains(org.camgate.config.UserConfig.ALL_CAMERAS)
                : policy.evaluate(AccessRequest.camera(Protocol.ONVIF, caller.peer(), caller.userName(), n.cameraId()))
                        .allowed();
        PullPoint p = registry.create(caller.userName(), visible, termination)
                .orElseThrow(() -> registry.atUserLimit(caller.userName())
                        ? OnvifFaults.action("MaxPullPoints", "this user has too many subscriptions open (at most "
                                + registry.maxPerUser() + ")")
                        : OnvifFaults.action("MaxPullPoints", "too many subscriptions are open (at most "
                                + maxPullPoints + ")"));
        CreatePullPointSubscriptionResponse r = new CreatePullPointSubscriptionResponse();
        r.setSubscriptionReference(EventTypes.endpoint(SubscriptionEndpoint.address(caller, p.id())));
        r.setCurrentTime(EventTypes.time(now));
        r.setTerminationTime(EventTypes.time(termination));
        return r;
    }

    @Override
    public GetEventPropertiesResponse getEventProperties(GetEventProperties parameters) {
        Calls.user();
        GetEventPropertiesResponse r = new GetEventPropertiesResponse();
        r.getTopicNamespaceLocation().add("http://www.onvif.org/onvif/ver10/topics/topicns.xml");
        r.setFixedTopicSet(true);
        r.setTopicSet(EventTypes.topicSet());
        r.getTopicExpressionDialect().add("http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet");
        r.getTopicExpressionDialect().add("http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete");
        r.getMessageContentFilterDialect().add("http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter");
        r.getMessageContentSchemaLocation().add("http://www.onvif.org/onvif/ver10/schema/onvif.xsd");
        return r;
    }

}
