package org.camgate.onvif.events;

import java.util.List;

/** The topics camgate publishes, their namespaces, and their message descriptions for GetEventProperties. */
public final class Topics {
    public static final String TNS1 = "http://www.onvif.org/ver10/topics";
    /** ONVIF has no fire topic: camgate's own namespace (prefix {@code cg}). */
    public static final String VENDOR = "http://camgate.org/onvif/topics";
    public static final String CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";

    public static final String MOTION_ALARM = "tns1:VideoSource/MotionAlarm";
    public static final String SIGNAL_LOSS = "tns1:VideoSource/SignalLoss";
    public static final String CELL_MOTION = "tns1:RuleEngine/CellMotionDetector/Motion";
    public static final String FIELD = "tns1:RuleEngine/FieldDetector/ObjectsInside";
    public static final String LINE = "tns1:RuleEngine/LineDetector/Crossed";
    public static final String LOITERING = "tns1:RuleEngine/LoiteringDetector/ObjectIsLoitering";
    public static final String FIRE = "cg:Sensor/Fire";

    /** A topic's description: whether it is a property, its Source and Data items with their XML types. */
    public record Description(String topic, boolean property, List<Item> source, List<Item> data) {
    }

    public static final List<Description> ALL = List.of(
            new Description(MOTION_ALARM, true, List.of(item("Source", "tt:ReferenceToken")),
                    List.of(item("State", "xs:boolean"))),
            new Description(SIGNAL_LOSS, true, List.of(item("Source", "tt:ReferenceToken")),
                    List.of(item("State", "xs:boolean"))),
            new Description(CELL_MOTION, true, List.of(item("VideoSourceConfigurationToken", "tt:ReferenceToken"),
                    item("VideoAnalyticsConfigurationToken", "tt:ReferenceToken"), item("Rule", "xs:string")),
                    List.of(item("IsMotion", "xs:boolean"))),
            new Description(FIELD, true, ruleSource(), List.of(item("IsInside", "xs:boolean"))),
            new Description(LINE, false, ruleSource(), List.of(item("ObjectId", "xs:string"))),
            new Description(LOITERING, true, ruleSource(), List.of(item("IsLoitering", "xs:boolean"))),
            new Description(FIRE, true, List.of(item("Source", "xs:string"), item("Zone", "xs:string")),
                    List.of(item("State", "xs:boolean"))));

    private Topics() {
    }

    private static List<Item> ruleSource() {
        return List.of(item("VideoSource", "tt:ReferenceToken"), item("AnalyticsConfiguration", "tt:ReferenceToken"),
                item("Rule", "xs:string"));
    }

    private static Item item(String name, String type) {
        return new Item(name, type);
    }

    /** A Source or Data item's name and XML type. */
    public record Item(String name, String type) {
    }
}
