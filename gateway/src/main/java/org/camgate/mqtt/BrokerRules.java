package org.camgate.mqtt;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who may publish and subscribe where on the embedded broker; plain decisions, no broker types (the broker's glue in
 * {@link BrokerAuthorizer} asks, logs and audits). The gateway writes two trees: {@code {topicPrefix}/#} (events,
 * state, availability, and Profile M under {@code {topicPrefix}/onvif-ej}) and {@code {discoveryPrefix}/#} (Home
 * Assistant discovery; reserved whether or not discovery is enabled).
 * <ul>
 *   <li>The gateway may do anything.</li>
 *   <li>Nobody else publishes in the gateway's trees, except on the command topics
 *       {@code {topicPrefix}/{site}/camera/{id}/command}: there the configured command identities may publish, not
 *       retained, and the access policy then decides per camera ({@link Publish#camera()}).</li>
 *   <li>Outside those trees anyone connected may publish.</li>
 *   <li>Command topics are delivered to the gateway only, whatever a subscription's wildcards; a subscription that can
 *       only ever match command topics is refused outright.</li>
 *   <li>Logged-in users may subscribe to anything else; anonymous clients only when {@code anonymousRead}, and an
 *       anonymous client is never sent anything otherwise.</li>
 * </ul>
 */
final class BrokerRules {
    /** Who a client is, once logged in. */
    enum Kind { GATEWAY, USER, ANONYMOUS }

    /**
     * A logged-in client's identity.
     *
     * @param user the configured user name for {@link Kind#USER}, else null
     */
    record Identity(Kind kind, String user) {
        static final Identity GATEWAY = new Identity(Kind.GATEWAY, null);
        static final Identity ANONYMOUS = new Identity(Kind.ANONYMOUS, null);
        private static final String USER_PREFIX = "user:";

        Identity {
            requireNonNull(kind, "kind");
            if ((kind == Kind.USER) != (user != null)) {
                throw new IllegalArgumentException("user: " + user + " (expected: a name exactly for kind USER)");
            }
        }

        static Identity user(String name) {
            return new Identity(Kind.USER, requireNonNull(name, "name"));
        }

        /** The form kept with the connection. */
        String encode() {
            return switch (kind) {
                case GATEWAY -> "gateway";
                case ANONYMOUS -> "anonymous";
                case USER -> USER_PREFIX + user;
            };
        }

        /** The identity kept with a connection; null for anything else (then nothing is allowed). */
        static Identity decode(String s) {
            if (s == null) {
                return null;
            }
            if (s.equals("gateway")) {
                return GATEWAY;
            }
            if (s.equals("anonymous")) {
                return ANONYMOUS;
            }
            return s.startsWith(USER_PREFIX) && s.length() > USER_PREFIX.length()
                    ? user(s.substring(USER_PREFIX.length())) : null;
        }

        /** For logs: {@code user NAME}, {@code anonymous}, {@code the gateway}. */
        String describe() {
            return switch (kind) {
                case GATEWAY -> "the gateway";
                case ANONYMOUS -> "anonymous";
                case USER -> "user " + user;
            };
        }
    }

    /**
     * The answer for one publish.
     *
     * @param camera  when allowed on a command topic: the camera, which the access policy must still allow
     * @param refusal why it is refused; null when allowed
     */
    record Publish(String camera, String refusal) {
        static final Publish ALLOW = new Publish(null, null);

        boolean allowed() {
            return refusal == null;
        }
    }

    static final String RESERVED = "topic reserved for the gateway";
    static final String NOT_A_COMMAND_IDENTITY = "only command identities (mqtt.commandIdentities) publish commands";
    static final String RETAINED_COMMAND = "commands are not retained";
    static final String COMMANDS_UNREADABLE = "command topics are read by the gateway only";
    static final String ANONYMOUS_READ_OFF = "anonymous clients may not subscribe (mqtt.embedded.anonymousRead: false)";

    private final Topics topics;
    private final String prefix;
    private final String discoveryPrefix;
    private final String[] commandLevels;
    private final Set<String> commandIdentities;
    private final boolean anonymousRead;

    BrokerRules(Topics topics, String prefix, String discoveryPrefix, Set<String> commandIdentities,
                boolean anonymousRead) {
        this.topics = requireNonNull(topics, "topics");
        this.prefix = requireNonNull(prefix, "prefix");
        this.discoveryPrefix = requireNonNull(discoveryPrefix, "discoveryPrefix");
        this.commandLevels = topics.commandFilter().split("/", -1);
        this.commandIdentities = Set.copyOf(commandIdentities);
        this.anonymousRead = anonymousRead;
    }

    /** May {@code who} publish on {@code topic} (a will counts as a publish)? */
    Publish publish(Identity who, String topic, boolean retain) {
        if (who == null) {
            return new Publish(null, "unknown client");
        }
        if (who.kind() == Kind.GATEWAY) {
            return Publish.ALLOW;
        }
        String camera = topics.commandCamera(topic);
        if (camera != null) {
            if (who.kind() != Kind.USER || !commandIdentities.contains(who.user())) {
                return new Publish(null, NOT_A_COMMAND_IDENTITY);
            }
            return retain ? new Publish(null, RETAINED_COMMAND) : new Publish(camera, null);
        }
        return isReserved(topic) ? new Publish(null, RESERVED) : Publish.ALLOW;
    }

    /** Why {@code who} may not subscribe to {@code filter}; null when it may. */
    String subscribe(Identity who, String filter) {
        if (who == null) {
            return "unknown client";
        }
        if (who.kind() == Kind.GATEWAY) {
            return null;
        }
        if (onlyCommands(unshared(filter))) {
            return COMMANDS_UNREADABLE;
        }
        if (who.kind() == Kind.ANONYMOUS && !anonymousRead) {
            return ANONYMOUS_READ_OFF;
        }
        return null;
    }

    /** Whether a message on {@code topic} may be sent to {@code receiver} (whatever it subscribed to). */
    boolean deliverable(Identity receiver, String topic) {
        if (receiver == null) {
            return false;
        }
        if (receiver.kind() == Kind.GATEWAY) {
            return true;
        }
        if (receiver.kind() == Kind.ANONYMOUS && !anonymousRead) {
            return false;
        }
        return topics.commandCamera(topic) == null;
    }

    /** In {@code {topicPrefix}/#} or {@code {discoveryPrefix}/#}. */
    boolean isReserved(String topic) {
        return under(topic, prefix) || under(topic, discoveryPrefix);
    }

    private static boolean under(String topic, String root) {
        return topic.equals(root) || (topic.startsWith(root) && topic.charAt(root.length()) == '/');
    }

    /** Whether every topic {@code filter} matches is a command topic (same levels; literals where the topic has them). */
    boolean onlyCommands(String filter) {
        String[] levels = filter.split("/", -1);
        if (levels.length != commandLevels.length) {
            return false;
        }
        for (int i = 0; i < levels.length; i++) {
            String want = commandLevels[i];
            if (levels[i].equals("#") || (!want.equals("+") && !want.equals(levels[i]))) {
                return false;
            }
        }
        return true;
    }

    /** The filter of a shared subscription ({@code $share/group/filter}), or the filter as is. */
    static String unshared(String filter) {
        if (!filter.startsWith("$share/")) {
            return filter;
        }
        int slash = filter.indexOf('/', "$share/".length());
        return slash < 0 ? filter : filter.substring(slash + 1);
    }
}
