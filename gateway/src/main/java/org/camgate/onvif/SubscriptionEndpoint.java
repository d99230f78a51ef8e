package org.camgate.onvif;

import jakarta.jws.WebService;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.camgate.onvif.events.EventTypes;
import org.camgate.onvif.events.OnvifNotification;
import org.camgate.onvif.events.PullPoint;
import org.camgate.onvif.events.PullPointRegistry;
import org.camgate.onvif.events.TerminationTimes;
import org.camgate.onvif.wsdl.events.PullMessages;
import org.camgate.onvif.wsdl.events.PullMessagesResponse;
import org.camgate.onvif.wsdl.events.PullPointSubscription;
import org.camgate.onvif.wsdl.events.SetSynchronizationPoint;
import org.camgate.onvif.wsdl.events.SetSynchronizationPointResponse;
import org.camgate.onvif.wsdl.wsn.Renew;
import org.camgate.onvif.wsdl.wsn.RenewResponse;
import org.camgate.onvif.wsdl.wsn.Unsubscribe;
import org.camgate.onvif.wsdl.wsn.UnsubscribeResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A PullPoint subscription's address, {@code /onvif/subscription/<id>}: PullMessages (long poll),
 * SetSynchronizationPoint, Renew and Unsubscribe. Only the user who created a subscription may use it.
 */
@WebService(serviceName = "EventService", portName = "PullPointSubscription",
        targetNamespace = "http://www.onvif.org/ver10/events/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.events.PullPointSubscription",
        wsdlLocation = "classpath:onvif/ver10/events/wsdl/event.wsdl")
public final class SubscriptionEndpoint implements PullPointSubscription {
    /** The longest PullMessages wait, and the most messages per pull. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
    static final int MAX_MESSAGES = 1000;

    private final PullPointRegistry registry;
    private final TerminationTimes terminations;
    private final Clock clock;

    public SubscriptionEndpoint(PullPointRegistry registry, TerminationTimes terminations, Clock clock) {
        this.registry = registry;
        this.terminations = terminations;
        this.clock = clock;
    }

    static String address(OnvifCaller caller, String id) {
        return ServicePaths.url(caller, ServicePaths.SUBSCRIPTION + "/" + id);
    }

    @Override
    public PullMessagesResponse pullMessages(PullMessages parameters) {
        // Reached only for requests OnvifFastPath leaves to CXF (an unusual shape): this wait holds a worker thread.
        OnvifCaller caller = Calls.user();
        PullPoint p = subscription(caller);
        Duration timeout = timeout(parameters.getTimeout(), parameters.getMessageLimit());
        List<OnvifNotification> messages;
        try {
            messages = p.pull(timeout, Math.min(parameters.getMessageLimit(), MAX_MESSAGES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            messages = List.of();
        }
        return response(p, caller, messages, clock);
    }

    /** A PullMessages wait, checked: within PT0S..PT120S, and a positive message limit; else an InvalidArgVal fault. */
    static Duration timeout(javax.xml.datatype.Duration requested, int messageLimit) {
        Duration timeout;
        try {
            timeout = Duration.ofMillis(requested.getTimeInMillis(new java.util.Date()));
        } catch (RuntimeException e) {
            throw OnvifFaults.invalidArgVal("InvalidArgVal", "Timeout is not a duration");
        }
        if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0 || messageLimit <= 0) {
            throw OnvifFaults.invalidArgVal("InvalidArgVal", "Timeout must be within PT0S..PT120S and MessageLimit > 0");
        }
        return timeout;
    }

    /** The answer to a PullMessages on {@code p} with {@code messages}. */
    static PullMessagesResponse response(PullPoint p, OnvifCaller caller, List<OnvifNotification> messages, Clock clock) {
        PullMessagesResponse r = new PullMessagesResponse();
        r.setCurrentTime(EventTypes.time(clock.instant()));
        r.setTerminationTime(EventTypes.time(p.terminationTime()));
        String address = address(caller, p.id());
        for (OnvifNotification n : messages) {
            r.getNotificationMessage().add(EventTypes.message(n, address));
        }
        return r;
    }

    @Override
    public SetSynchronizationPointResponse setSynchronizationPoint(SetSynchronizationPoint parameters) {
        registry.synchronize(subscription(Calls.user()));
        return new SetSynchronizationPointResponse();
    }

    @Override
    public RenewResponse renew(Renew parameters) {
        PullPoint p = subscription(Calls.user());
        Instant now = clock.instant();
        Instant until;
        try {
            until = terminations.resolve(parameters.getTerminationTime(), now);
        } catch (IllegalArgumentException e) {
            throw OnvifFaults.invalidArgVal("InvalidTerminationTime", e.getMessage());
        }
        registry.renew(p, until);
        RenewResponse r = new RenewResponse();
        r.setTerminationTime(EventTypes.time(until));
        r.setCurrentTime(EventTypes.time(now));
        return r;
    }

    @Override
    public UnsubscribeResponse unsubscribe(Unsubscribe parameters) {
        registry.remove(subscription(Calls.user()));
        return new UnsubscribeResponse();
    }

    /** The subscription named by the request path, owned by the caller. */
    private PullPoint subscription(OnvifCaller caller) {
        return subscription(registry, caller, subscriptionId());
    }

    /** The subscription {@code id} (null: none), owned by the caller; else a ResourceUnknown fault. */
    static PullPoint subscription(PullPointRegistry registry, OnvifCaller caller, String id) {
        PullPoint p = registry.find(id).orElse(null);
        if (p == null || !p.user().equals(caller.userName())) {
            throw OnvifFaults.invalidArgVal("ResourceUnknown", "no such subscription (it may have expired)");
        }
        return p;
    }

    private static String subscriptionId() {
        Message m = PhaseInterceptorChain.getCurrentMessage();
        HttpServletRequest request = m == null ? null : (HttpServletRequest) m.get(AbstractHTTPDestination.HTTP_REQUEST);
        if (request == null) {
            return null;
        }
        return subscriptionId(request.getRequestURI());
    }

    /** The subscription id at the end of a request path, or null. */
    static String subscriptionId(String path) {
        int slash = path.lastIndexOf('/');
        String id = path.substring(slash + 1);
        return id.matches("[0-9a-f]{32}") ? id : null;
    }
}
