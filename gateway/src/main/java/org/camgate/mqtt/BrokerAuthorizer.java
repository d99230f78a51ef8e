package org.camgate.mqtt;

import static java.util.Objects.requireNonNull;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.Decision;
import org.camgate.access.LogSafe;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link BrokerRules} on the embedded broker: every publish (wills included) and subscription of every client,
 * and every message on its way out (command topics reach the gateway only). A command publish the rules let through
 * is a camera-scoped action, decided by the access policy for the identity, address and camera. Refusals are logged
 * (client-supplied text escaped) and audited as {@code denied} with transport {@code mqtt}; the broker answers a
 * refused publish with {@code NOT_AUTHORIZED} and disconnects the client, a refused subscription with a failed
 * SUBACK.
 */
final class BrokerAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer, PublishOutboundInterceptor {
    private static final Logger log = LoggerFactory.getLogger(BrokerAuthorizer.class);

    private final BrokerRules rules;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    BrokerAuthorizer(BrokerRules rules, AccessPolicy policy, AuditLog audit, Clock clock) {
        this.rules = requireNonNull(rules, "rules");
        this.policy = requireNonNull(policy, "policy");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
    }

    static BrokerRules.Identity identity(ConnectionInformation connection) {
        return BrokerRules.Identity.decode(connection.getConnectionAttributeStore()
                .getAsString(BrokerAccess.IDENTITY).orElse(null));
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        BrokerRules.Identity who = identity(input.getConnectionInformation());
        PublishPacket publish = input.getPublishPacket();
        BrokerRules.Publish answer = rules.publish(who, publish.getTopic(), publish.getRetain());
        InetSocketAddress remote = BrokerAccess.remote(input.getConnectionInformation());
        if (!answer.allowed()) {
            refused("publish on", who, remote, publish.getTopic(), answer.refusal());
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, answer.refusal());
            return;
        }
        if (answer.camera() != null) {
            if (remote == null) {
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "unknown address");
                return;
            }
            AccessRequest request = AccessRequest.camera(Protocol.MQTT, remote, who.user(), answer.camera());
            Decision decision = policy.decide(request);
            if (decision == Decision.UNAUTHENTICATED) {
                // The policy knows gateway users (users:); a command identity must be one, with the camera.
                String reason = "command identity is not a gateway user (users:)";
                log.info("refused MQTT command for camera {} by user {}: {}", answer.camera(), who.user(), reason);
                policy.refuse(request, reason);
            }
            if (!decision.allowed()) {
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not authorized for this camera");
                return;
            }
        }
        output.authorizeSuccessfully();
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        BrokerRules.Identity who = identity(input.getConnectionInformation());
        String filter = input.getSubscription().getTopicFilter();
        String refusal = rules.subscribe(who, filter);
        if (refusal != null) {
            refused("subscription to", who, BrokerAccess.remote(input.getConnectionInformation()), filter, refusal);
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, refusal);
            return;
        }
        output.authorizeSuccessfully();
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        if (!rules.deliverable(identity(input.getConnectionInformation()), input.getPublishPacket().getTopic())) {
            output.preventPublishDelivery();
        }
    }

    private void refused(String what, BrokerRules.Identity who, InetSocketAddress remote, String topic, String reason) {
        String address = remote == null ? "unknown" : remote.getAddress().getHostAddress();
        String name = who == null ? "unknown client" : who.describe();
        log.info("refused MQTT {} \"{}\" by {} from {}: {}", what, LogSafe.text(topic), name, address, reason);
        AuditEvent.Builder event = AuditEvent.builder(AuditEvent.DENIED, clock.instant())
                .user(who == null ? null : who.user()).transport(Protocol.MQTT.label())
                .detail("topic", LogSafe.text(topic)).reason(reason);
        event = remote == null ? event.remote("unknown") : event.remote(remote.getAddress());
        audit.record(event.build());
    }
}
