package org.camgate.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where a camera's video comes from. Credentials are kept apart from the URI (which never has user
 * info); an absent user name or password is the empty string. {@code toString()} never shows a password.
 */
public sealed interface SourceConfig {
    String username();

    String password();

    default boolean hasCredentials() {
        return !username().isEmpty() || !password().isEmpty();
    }

    /** An RTSP URL ({@code rtsp://} or {@code rtsps://}), pulled directly. */
    record Rtsp(URI uri, String username, String password) implements SourceConfig {
        public Rtsp {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("uri: has user info (expected: credentials in username/password)");
            }
        }

        @Override
        public String toString() {
            return "Rtsp[uri=" + uri + ", username=" + username + ", password=***]";
        }
    }

    /**
     * An ONVIF device ({@code http://} or {@code https://} device service URL); the stream URI is asked for.
     * {@code profile} is a media profile token, or empty for the device's first profile. {@code motionTopics} are
     * vendor topics read as motion beside the standard ones; {@code topicFilter} says whether the event
     * subscription carries a topic filter listing the topics the gateway reads (some cameras only raise events on
     * filtered subscriptions).
     */
    record Onvif(URI url, String username, String password, String profile, List<MotionTopic> motionTopics,
                 boolean topicFilter) implements SourceConfig {
        public Onvif {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(profile, "profile");
            motionTopics = List.copyOf(motionTopics);
            if (url.getRawUserInfo() != null) {
                throw new IllegalArgumentException("url: has user info (expected: credentials in username/password)");
            }
        }

        /** Without vendor topics, with the topic filter on. */
        public Onvif(URI url, String username, String password, String profile) {
            this(url, username, password, profile, List.of(), true);
        }

        @Override
        public String toString() {
            return "Onvif[url=" + url + ", username=" + username + ", password=***, profile=" + profile
                    + ", motionTopics=" + motionTopics + ", topicFilter=" + topicFilter + "]";
        }
    }

    /**
     * A vendor event topic read as motion: its boolean Data item {@code item} says whether motion is present.
     *
     * @param topic     as the camera writes it, e.g. {@code tns1:RuleEngine/MyVendor/Motion}
     * @param item      the boolean Data SimpleItem, e.g. {@code Active}
     * @param namespace the URI the topic's prefix stands for, or empty for {@code tns1} (the ONVIF topic namespace);
     *                  needed for the subscription's topic filter
     */
    record MotionTopic(String topic, String item, String namespace) {
        public static final String ONVIF_TOPICS = "http://www.onvif.org/ver10/topics";

        public MotionTopic {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(namespace, "namespace");
        }

        /** The topic's prefix, or empty when it has none. */
        public String prefix() {
            int colon = topic.indexOf(':');
            return colon < 0 ? "" : topic.substring(0, colon);
        }
    }
}
