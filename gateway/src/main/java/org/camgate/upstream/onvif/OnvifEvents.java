package org.camgate.upstream.onvif;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.ws.BindingProvider;
import org.apache.cxf.headers.Header;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscription;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscriptionResponse;
import org.camgate.onvif.wsdl.events.EventPortType;
import org.camgate.onvif.wsdl.events.PullMessages;
import org.camgate.onvif.wsdl.events.PullMessagesResponse;
import org.camgate.onvif.wsdl.events.PullPointSubscription;
import org.camgate.onvif.wsdl.schema.ItemList;
import org.camgate.onvif.wsdl.schema.Message;
import org.camgate.onvif.wsdl.wsn.NotificationMessageHolderType;
import org.camgate.onvif.wsdl.wsn.Renew;
import org.camgate.onvif.wsdl.wsn.RenewResponse;
import org.camgate.onvif.wsdl.wsn.Unsubscribe;
import org.camgate.onvif.wsdl.wsn.FilterType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adapter between the gateway and a camera's Events service and its pull-point subscriptions: the only
 * place that touches the generated Events and WS-Notification types. One instance per camera, used by one
 * thread at a time (the camera's event loop thread).
 */
final class OnvifEvents implements EventsPort {
    private static final DatatypeFactory DATATYPES;
    private static final String WSNT = "http://docs.oasis-open.org/wsn/b-2";
    private static final Logger log = LoggerFactory.getLogger(OnvifEvents.class);

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String cameraId;
    private final String eventsAddress;
    private final SoapPorts ports;
    private final CameraTime cameraTime;
    private final Duration timeout;
    private final CameraTopics topics;
    private EventPortType service;
    private PullPointSubscription subscription;
    /** Cleared when the camera faults on a filtered subscription: it then gets unfiltered ones. */
    private boolean filter;

    OnvifEvents(String cameraId, String eventsAddress, SoapPorts ports, CameraTime cameraTime, Duration timeout) {
        this(cameraId, eventsAddress, ports, cameraTime, timeout, CameraTopics.STANDARD);
    }

    OnvifEvents(String cameraId, String eventsAddress, SoapPorts ports, CameraTime cameraTime, Duration timeout,
                CameraTopics topics) {
        this.cameraId = cameraId;
        this.eventsAddress = eventsAddress;
        this.ports = ports;
        this.cameraTime = cameraTime;
        this.timeout = timeout;
        this.topics = topics;
        this.filter = topics.filtered();
    }

    @Override
    public PullPointRef create(Duration requested) {
        if (service == null) {
            service = ports.create(EventPortType.class, eventsAddress, timeout, true);
        }
        CreatePullPointSubscriptionResponse answer;
        try {
            answer = subscribe(requested, filter);
        } catch (OnvifException e) {
            if (!filter || e.failure() != OnvifFailure.FAULT) {
                throw e;
            }
            // A camera that does not take ONVIF topic filters answers a fault: it gets unfiltered subscriptions.
            filter = false;
            log.info("camera {}: the camera refused the topic filter ({}); subscribing without one", cameraId,
                    e.getMessage());
            answer = subscribe(requested, false);
        }
        String address = answer.getSubscriptionReference() == null
                || answer.getSubscriptionReference().getAddress() == null
                ? null : answer.getSubscriptionReference().getAddress().getValue();
        if (address == null || !(address.trim().startsWith("http://") || address.trim().startsWith("https://"))) {
            throw new OnvifException(cameraId, "CreatePullPointSubscription", OnvifFailure.BAD_ANSWER,
                    "no usable subscription address (" + eventsAddress + ")", null);
        }
        List<Object> params = answer.getSubscriptionReference().getReferenceParameters() == null ? List.of()
                : answer.getSubscriptionReference().getReferenceParameters().getAny();
        Instant now = cameraTime.now();
        Instant current = XmlTimes.instant(answer.getCurrentTime(), now);
        Instant termination = XmlTimes.instant(answer.getTerminationTime(), current.plus(requested));
        return new PullPointRef(address.trim(), params, current, termination);
    }

    private CreatePullPointSubscriptionResponse subscribe(Duration requested, boolean filtered) {
        CreatePullPointSubscription request = new CreatePullPointSubscription();
        request.setInitialTerminationTime(requested.toString());
        if (filtered) {
            request.setFilter(filter(topics));
        }
        return SoapCall.run(cameraId, "CreatePullPointSubscription", eventsAddress, timeout,
                () -> service.createPullPointSubscription(request));
    }

    /**
     * The subscription's filter: one {@code wsnt:TopicExpression} in ONVIF's ConcreteSet dialect listing every topic
     * read, with the prefixes it uses declared on the element (the text refers to them).
     */
    static FilterType filter(CameraTopics topics) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().newDocument();
            Element e = doc.createElementNS(WSNT, "wsnt:TopicExpression");
            e.setAttribute("Dialect", CameraTopics.CONCRETE_SET);
            for (Map.Entry<String, String> ns : topics.namespaces().entrySet()) {
                e.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + ns.getKey(), ns.getValue());
            }
            e.setTextContent(topics.filterExpression());
            doc.appendChild(e);
            FilterType filter = new FilterType();
            filter.getAny().add(e);
            return filter;
        } catch (ParserConfigurationException ex) {
            throw new IllegalStateException("no XML document builder", ex);
        }
    }

    @Override
    public PullBatch pull(PullPointRef ref, Duration pullTimeout, int limit) {
        PullPointSubscription port = target(ref);
        Duration callTimeout = pullTimeout.plus(timeout);
        SoapPorts.receiveTimeout(port, callTimeout);
        PullMessages request = new PullMessages();
        request.setTimeout(DATATYPES.newDuration(pullTimeout.toMillis()));
        request.setMessageLimit(limit);
        PullMessagesResponse answer = SoapCall.run(cameraId, "PullMessages", ref.address(), callTimeout,
                () -> port.pullMessages(request));
        Instant now = cameraTime.now();
        Instant current = XmlTimes.instant(answer.getCurrentTime(), now);
        Instant termination = XmlTimes.instant(answer.getTerminationTime(), ref.terminationTime());
        List<OnvifNotification> out = new ArrayList<>();
        for (NotificationMessageHolderType holder : answer.getNotificationMessage()) {
            OnvifNotification n = notification(holder);
            if (n != null) {
                out.add(n);
            }
        }
        return new PullBatch(current, termination, out);
    }

    @Override
    public PullPointRef renew(PullPointRef ref, Duration requested) {
        PullPointSubscription port = target(ref);
        SoapPorts.receiveTimeout(port, timeout);
        Renew request = new Renew();
        request.setTerminationTime(requested.toString());
        RenewResponse answer = SoapCall.run(cameraId, "Renew", ref.address(), timeout, () -> port.renew(request));
        Instant current = XmlTimes.instant(answer.getCurrentTime(), cameraTime.now());
        return ref.renewed(current, XmlTimes.instant(answer.getTerminationTime(), current.plus(requested)));
    }

    @Override
    public void unsubscribe(PullPointRef ref) {
        PullPointSubscription port = target(ref);
        SoapPorts.receiveTimeout(port, timeout);
        SoapCall.run(cameraId, "Unsubscribe", ref.address(), timeout, () -> port.unsubscribe(new Unsubscribe()));
    }

    private PullPointSubscription target(PullPointRef ref) {
        if (subscription == null) {
            subscription = ports.create(PullPointSubscription.class, ref.address(), timeout, true);
        }
        SoapPorts.retarget(subscription, ref.address());
        List<Header> headers = new ArrayList<>();
        for (Object p : ref.referenceParameters()) {
            if (p instanceof Element e) {
                headers.add(new Header(new QName(e.getNamespaceURI(), e.getLocalName()), e));
            }
        }
        ((BindingProvider) subscription).getRequestContext().put(Header.HEADER_LIST, headers);
        return subscription;
    }

    /** The notification without XML, or null when it has no topic. */
    static OnvifNotification notification(NotificationMessageHolderType holder) {
        if (holder.getTopic() == null) {
            return null;
        }
        StringBuilder topic = new StringBuilder();
        for (Object part : holder.getTopic().getContent()) {
            if (part instanceof String s) {
                topic.append(s);
            }
        }
        Object any = holder.getMessage() == null ? null : holder.getMessage().getAny();
        if (any instanceof JAXBElement<?> element) {
            any = element.getValue();
        }
        if (any instanceof Message m) {
            return new OnvifNotification(topic.toString().trim(),
                    m.getPropertyOperation() == null ? "" : m.getPropertyOperation().value(),
                    items(m.getSource()), items(m.getData()));
        }
        if (any instanceof Element e) {
            return new OnvifNotification(topic.toString().trim(), e.getAttribute("PropertyOperation"),
                    domItems(e, "Source"), domItems(e, "Data"));
        }
        return new OnvifNotification(topic.toString().trim(), "", Map.of(), Map.of());
    }

    private static Map<String, String> items(ItemList list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list != null) {
            for (ItemList.SimpleItem item : list.getSimpleItem()) {
                if (item.getName() != null && item.getValue() != null) {
                    out.putIfAbsent(item.getName(), item.getValue());
                }
            }
        }
        return out;
    }

    private static Map<String, String> domItems(Element message, String listName) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n = message.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element list && listName.equals(list.getLocalName())) {
                for (Node i = list.getFirstChild(); i != null; i = i.getNextSibling()) {
                    if (i instanceof Element item && "SimpleItem".equals(item.getLocalName())
                            && item.hasAttribute("Name")) {
                        out.putIfAbsent(item.getAttribute("Name"), item.getAttribute("Value"));
                    }
                }
            }
        }
        return out;
    }
}
