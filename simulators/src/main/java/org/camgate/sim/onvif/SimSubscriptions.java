package org.camgate.sim.onvif;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.handler.MessageContext;
import org.camgate.onvif.wsdl.events.PullMessages;
import org.camgate.onvif.wsdl.events.PullMessagesResponse;
import org.camgate.onvif.wsdl.events.PullPointSubscription;
import org.camgate.onvif.wsdl.events.SetSynchronizationPoint;
import org.camgate.onvif.wsdl.events.SetSynchronizationPointResponse;
import org.camgate.onvif.wsdl.schema.ItemList;
import org.camgate.onvif.wsdl.schema.Message;
import org.camgate.onvif.wsdl.schema.PropertyOperation;
import org.camgate.onvif.wsdl.wsn.NotificationMessageHolderType;
import org.camgate.onvif.wsdl.wsn.Renew;
import org.camgate.onvif.wsdl.wsn.RenewResponse;
import org.camgate.onvif.wsdl.wsn.TopicExpressionType;
import org.camgate.onvif.wsdl.wsn.Unsubscribe;
import org.camgate.onvif.wsdl.wsn.UnsubscribeResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The simulated pull points: PullMessages waits up to its Timeout (at most a minute) for the scene's motion state
 * to change and reports it on {@code tns1:VideoSource/MotionAlarm} (State) and
 * {@code tns1:RuleEngine/CellMotionDetector/Motion} (IsMotion): Initialized first, then Changed; Renew,
 * Unsubscribe and SetSynchronizationPoint (which re-sends Initialized).
 */
@WebService(serviceName = "EventService", portName = "PullPointSubscription",
        targetNamespace = "http://www.onvif.org/ver10/events/wsdl",
        endpointInterface = "org.camgate.onvif.wsdl.events.PullPointSubscription",
        wsdlLocation = "classpath:onvif/ver10/events/wsdl/event.wsdl")
final class SimSubscriptions implements PullPointSubscription {
    static final String CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";
    private static final Duration LONGEST_PULL = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 50;

    private final SimPullPoints points;
    private final MotionTimeline motion;
    private final Clock deviceClock;

    @Resource
    private WebServiceContext context;

    private final SimOnvifConfig.MotionTopics topics;
    private final boolean filteredOnly;

    SimSubscriptions(SimPullPoints points, MotionTimeline motion, Clock deviceClock) {
        this(points, motion, deviceClock, SimOnvifConfig.MotionTopics.ALARM_AND_CELL, false);
    }

    SimSubscriptions(SimPullPoints points, MotionTimeline motion, Clock deviceClock,
                     SimOnvifConfig.MotionTopics topics, boolean filteredOnly) {
        this.points = points;
        this.motion = motion;
        this.deviceClock = deviceClock;
        this.topics = topics;
        this.filteredOnly = filteredOnly;
    }

    private SimPullPoints.PullPoint current() {
        return points.get((String) context.getMessageContext().get(MessageContext.QUERY_STRING));
    }

    @Override
    public PullMessagesResponse pullMessages(PullMessages parameters) {
        SimPullPoints.PullPoint p = current();
        Duration wait = parameters.getTimeout() == null ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, parameters.getTimeout().getTimeInMillis(new Date(0))));
        if (wait.compareTo(LONGEST_PULL) > 0) {
            wait = LONGEST_PULL;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        PullMessagesResponse r = new PullMessagesResponse();
        while (true) {
            boolean now = motion.motionNow();
            Boolean last = p.reported;
            if (last == null || last != now) {
                PropertyOperation op = last == null ? PropertyOperation.INITIALIZED : PropertyOperation.CHANGED;
                p.reported = now;
                Instant at = deviceClock.instant();
                if (topics == SimOnvifConfig.MotionTopics.MOTION_REGION) {
                    add(r, p, notification("tns1:RuleEngine/MotionRegionDetector/Motion", op, at,
                            "VideoSource", SimMedia.VIDEO_SOURCE, "State", now));
                } else {
                    add(r, p, notification("tns1:VideoSource/MotionAlarm", op, at,
                            "Source", SimMedia.VIDEO_SOURCE, "State", now));
                    add(r, p, notification("tns1:RuleEngine/CellMotionDetector/Motion", op, at,
                            "VideoSourceConfigurationToken", SimMedia.VIDEO_SOURCE_CONFIG, "IsMotion", now));
                }
                if (!r.getNotificationMessage().isEmpty()) {
                    break;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            points.get((String) context.getMessageContext().get(MessageContext.QUERY_STRING));
        }
        r.setCurrentTime(XmlTime.of(deviceClock.instant()));
        r.setTerminationTime(XmlTime.of(p.termination));
        return r;
    }

    /** Adds the notification when the subscription's filter lets it through. */
    private void add(PullMessagesResponse r, SimPullPoints.PullPoint p, NotificationMessageHolderType n) {
        String topic = (String) n.getTopic().getContent().get(0);
        if (p.wants(topic, filteredOnly)) {
            r.getNotificationMessage().add(n);
        }
    }

    private static NotificationMessageHolderType notification(String topic, PropertyOperation op, Instant at,
                                                              String sourceName, String sourceValue, String dataName,
                                                              boolean value) {
        TopicExpressionType t = new TopicExpressionType();
        t.setDialect(CONCRETE_SET);
        t.getContent().add(topic);
        Message m = new Message();
        m.setUtcTime(XmlTime.of(at));
        m.setPropertyOperation(op);
        m.setSource(items(sourceName, sourceValue));
        m.setData(items(dataName, Boolean.toString(value)));
        NotificationMessageHolderType.Message holder = new NotificationMessageHolderType.Message();
        holder.setAny(m);
        NotificationMessageHolderType n = new NotificationMessageHolderType();
        n.setTopic(t);
        n.setMessage(holder);
        return n;
    }

    private static ItemList items(String name, String value) {
        ItemList.SimpleItem item = new ItemList.SimpleItem();
        item.setName(name);
        item.setValue(value);
        ItemList list = new ItemList();
        list.getSimpleItem().add(item);
        return list;
    }

    @Override
    public RenewResponse renew(Renew renewRequest) {
        SimPullPoints.PullPoint p = current();
        points.renew(p, renewRequest.getTerminationTime());
        RenewResponse r = new RenewResponse();
        r.setCurrentTime(XmlTime.of(deviceClock.instant()));
        r.setTerminationTime(XmlTime.of(p.termination));
        return r;
    }

    @Override
    public UnsubscribeResponse unsubscribe(Unsubscribe unsubscribeRequest) {
        points.remove(current());
        return new UnsubscribeResponse();
    }

    @Override
    public SetSynchronizationPointResponse setSynchronizationPoint(SetSynchronizationPoint parameters) {
        current().reported = null;
        return new SetSynchronizationPointResponse();
    }
}
