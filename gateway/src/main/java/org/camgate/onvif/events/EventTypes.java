package org.camgate.onvif.events;

import org.camgate.onvif.wsdl.schema.ItemList;
import org.camgate.onvif.wsdl.schema.Message;
import org.camgate.onvif.wsdl.schema.PropertyOperation;
import org.camgate.onvif.wsdl.wsa.AttributedURIType;
import org.camgate.onvif.wsdl.wsa.EndpointReferenceType;
import org.camgate.onvif.wsdl.wsn.NotificationMessageHolderType;
import org.camgate.onvif.wsdl.wsn.TopicExpressionType;
import org.camgate.onvif.wsdl.wstop.TopicSetType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Adapter from camgate's event model to the generated WS-N / ONVIF event types. */
public final class EventTypes {
    static final String TT = "http://www.onvif.org/ver10/schema";
    static final String WSTOP = "http://docs.oasis-open.org/wsn/t-1";
    private static final DatatypeFactory DATATYPES = datatypes();

    private EventTypes() {
    }

    public static NotificationMessageHolderType message(OnvifNotification n, String subscriptionAddress) {
        NotificationMessageHolderType h = new NotificationMessageHolderType();
        h.setSubscriptionReference(endpoint(subscriptionAddress));
        TopicExpressionType topic = new TopicExpressionType();
        topic.setDialect(Topics.CONCRETE_SET);
        topic.getContent().add(n.topic());
        h.setTopic(topic);
        Message m = new Message();
        m.setUtcTime(time(n.time()));
        if (n.operation() != null) {
            m.setPropertyOperation(PropertyOperation.fromValue(n.operation()));
        }
        m.setSource(items(n.source()));
        m.setData(items(n.data()));
        NotificationMessageHolderType.Message holder = new NotificationMessageHolderType.Message();
        holder.setAny(m);
        h.setMessage(holder);
        return h;
    }

    public static EndpointReferenceType endpoint(String address) {
        EndpointReferenceType epr = new EndpointReferenceType();
        AttributedURIType a = new AttributedURIType();
        a.setValue(address);
        epr.setAddress(a);
        return epr;
    }

    /** UTC, whole seconds, written with {@code Z}. */
    public static XMLGregorianCalendar time(Instant t) {
        return DATATYPES.newXMLGregorianCalendar(t.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static ItemList items(List<Map.Entry<String, String>> entries) {
        ItemList list = new ItemList();
        for (Map.Entry<String, String> e : entries) {
            ItemList.SimpleItem item = new ItemList.SimpleItem();
            item.setName(e.getKey());
            item.setValue(e.getValue());
            list.getSimpleItem().add(item);
        }
        return list;
    }

    /** The topic tree of {@link Topics#ALL} with ONVIF message descriptions, for GetEventProperties. */
    public static TopicSetType topicSet() {
        Document doc = newDocument();
        TopicSetType set = new TopicSetType();
        java.util.Map<String, Element> roots = new java.util.LinkedHashMap<>();
        for (Topics.Description d : Topics.ALL) {
            String prefix = d.topic().substring(0, d.topic().indexOf(':'));
            String ns = prefix.equals("tns1") ? Topics.TNS1 : Topics.VENDOR;
            String[] path = d.topic().substring(prefix.length() + 1).split("/");
            Element parent = roots.computeIfAbsent(prefix + ":" + path[0], k -> {
                Element e = doc.createElementNS(ns, k);
                e.setAttributeNS(WSTOP, "wstop:topic", "false");
                return e;
            });
            for (int i = 1; i < path.length; i++) {
                Element child = childNamed(parent, path[i]);
                if (child == null) {
                    child = doc.createElementNS(null, path[i]);
                    child.setAttributeNS(WSTOP, "wstop:topic", "false");
                    parent.appendChild(child);
                }
                parent = child;
            }
            parent.setAttributeNS(WSTOP, "wstop:topic", "true");
            parent.appendChild(description(doc, d));
        }
        set.getAny().addAll(roots.values());
        return set;
    }

    private static Element description(Document doc, Topics.Description d) {
        Element md = doc.createElementNS(TT, "tt:MessageDescription");
        md.setAttribute("IsProperty", String.valueOf(d.property()));
        md.appendChild(itemDescriptions(doc, "tt:Source", d.source()));
        md.appendChild(itemDescriptions(doc, "tt:Data", d.data()));
        return md;
    }

    private static Element itemDescriptions(Document doc, String name, List<Topics.Item> items) {
        Element list = doc.createElementNS(TT, name);
        for (Topics.Item item : items) {
            Element e = doc.createElementNS(TT, "tt:SimpleItemDescription");
            e.setAttribute("Name", item.name());
            e.setAttribute("Type", item.type());
            list.appendChild(e);
        }
        return list;
    }

    private static Element childNamed(Element parent, String localName) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName() == null ? e.getNodeName() : e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("no XML datatype factory", e);
        }
    }
}
