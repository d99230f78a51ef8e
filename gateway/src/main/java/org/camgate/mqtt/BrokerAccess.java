package org.camgate.mqtt;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.ModifiableClientSettings;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.LogSafe;
import org.camgate.access.LoginThrottle;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.config.MqttConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded broker, and as whom. In this order, for every CONNECT:
 * <ol>
 *   <li>the access policy's network rules ({@code access.allow}/{@code deny}): a refused address gets
 *       {@code NOT_AUTHORIZED} before anything else is looked at (the policy logs and audits it);</li>
 *   <li>the gateway's own login ({@link #GATEWAY_USER} with a random password made at start, never logged or
 *       written): only it may use the gateway's client id, and it may use no other;</li>
 *   <li>a client id another identity has used is refused, so nobody takes over (and so disconnects, or reads) someone
 *       else's session, the gateway's least of all;</li>
 *   <li>a user of {@code mqtt.embedded.users}: the shared {@link LoginThrottle} first (during a lockout the password is
 *       not checked, the answer is held back), then the password, compared in constant time; failures are logged and
 *       audited as {@code auth-failure} (transport {@code mqtt});</li>
 *   <li>no user name: anonymous (what it may do: {@link BrokerRules}).</li>
 * </ol>
 * The identity is kept with the connection for {@link BrokerAuthorizer}. Client-supplied text (user names, client
 * ids) is escaped in every log line ({@link LogSafe}).
 */
final class BrokerAccess implements SimpleAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(BrokerAccess.class);
    static final String GATEWAY_USER = "camgate-gateway";
    /** The connection attribute holding {@link BrokerRules.Identity#encode()}. */
    static final String IDENTITY = "camgate.identity";
    /** Queued messages kept per logged-in user's client (in memory; the oldest are dropped beyond). */
    static final long USER_QUEUE = 100_000;
    /** Queued messages kept per anonymous client. */
    static final long ANONYMOUS_QUEUE = 1_000;
    /** QoS 1/2 messages the broker has in flight towards one client at most (less if the client asks for less). */
    static final int MAX_INFLIGHT_TO_CLIENT = 100;
    /** Client ids whose owner is remembered (beyond, the least recently used are forgotten). */
    static final long MAX_OWNED_CLIENT_IDS = 100_000;

    private final Map<String, byte[]> passwords;
    private final byte[] gatewayPassword;
    private final String gatewayClientId;
    private final AccessPolicy policy;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;
    /** Compared against for unknown users, so timing does not tell which names exist. */
    private final byte[] dummyPassword = new byte[32];
    /** Which identity (encoded) last used a client id, for logged-in identities. */
    private final Cache<String, String> owners = Caffeine.newBuilder().maximumSize(MAX_OWNED_CLIENT_IDS)
            .expireAfterAccess(Duration.ofSeconds(EmbeddedBroker.MAX_SESSION_EXPIRY_SECONDS))
            .executor(Runnable::run).build();

    BrokerAccess(List<MqttConfig.User> users, byte[] gatewayPassword, String gatewayClientId, AccessPolicy policy,
                 LoginThrottle throttle, AuditLog audit, Clock clock) {
        Map<String, byte[]> p = new HashMap<>();
        for (MqttConfig.User u : users) {
            p.put(u.name(), u.password().getBytes(StandardCharsets.UTF_8));
        }
        this.passwords = Map.copyOf(p);
        this.gatewayPassword = gatewayPassword.clone();
        this.gatewayClientId = requireNonNull(gatewayClientId, "gatewayClientId");
        this.policy = requireNonNull(policy, "policy");
        this.throttle = requireNonNull(throttle, "throttle");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
        new SecureRandom().nextBytes(dummyPassword);
    }

    /** The client's address; the broker does not tell the port (0). Null when unknown. */
    static InetSocketAddress remote(ConnectionInformation connection) {
        return connection.getInetAddress().map(a -> new InetSocketAddress(a, 0)).orElse(null);
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        InetSocketAddress remote = remote(input.getConnectionInformation());
        if (remote == null) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "unknown address");
            return;
        }
        if (!policy.decide(AccessRequest.connect(Protocol.MQTT, remote)).allowed()) {
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "address not allowed");
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        Optional<String> user = input.getConnectPacket().getUserName();
        byte[] given = input.getConnectPacket().getPassword().map(BrokerAccess::bytes).orElse(null);
        InetAddress address = remote.getAddress();
        if (user.isPresent() && user.get().equals(GATEWAY_USER)) {
            gateway(input, output, remote, clientId, given);
            return;
        }
        if (clientId.equals(gatewayClientId)) {
            refuseClientId(output, remote, user.orElse(null), clientId, "client id reserved for the gateway");
            return;
        }
        if (user.isEmpty()) {
            if (given != null) {
                failure(output, remote, null, clientId, "password without a user name", Duration.ZERO);
                return;
            }
            if (ownedByAnother(output, remote, null, clientId, BrokerRules.Identity.ANONYMOUS)) {
                return;
            }
            accept(input, output, BrokerRules.Identity.ANONYMOUS, ANONYMOUS_QUEUE);
            return;
        }
        String name = user.get();
        Duration lockout = throttle.lockout(address, name);
        if (!lockout.isZero()) {
            failure(output, remote, name, clientId, "too many failed logins: refused unchecked", lockout);
            return;
        }
        byte[] expected = passwords.get(name);
        boolean ok = MessageDigest.isEqual(given == null ? new byte[0] : given,
                expected == null ? dummyPassword : expected) && expected != null;
        if (!ok) {
            failure(output, remote, name, clientId, expected == null ? "unknown user" : "wrong password", null);
            return;
        }
        throttle.recordSuccess(address, name);
        BrokerRules.Identity identity = BrokerRules.Identity.user(name);
        if (ownedByAnother(output, remote, name, clientId, identity)) {
            return;
        }
        owners.put(clientId, identity.encode());
        accept(input, output, identity, USER_QUEUE);
    }

    /**
     * The gateway's own login: right password and the gateway's client id, or refused. Not throttled: its password is
     * 192 random bits, and a lockout of a shared address (127.0.0.1) must not cut the gateway off its own broker.
     */
    private void gateway(SimpleAuthInput input, SimpleAuthOutput output, InetSocketAddress remote, String clientId,
                         byte[] given) {
        if (given == null || !MessageDigest.isEqual(given, gatewayPassword)) {
            failure(output, remote, GATEWAY_USER, clientId, "wrong password", null);
            return;
        }
        if (!clientId.equals(gatewayClientId)) {
            refuseClientId(output, remote, GATEWAY_USER, clientId, "the gateway's login is only for its own client id");
            return;
        }
        ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
        permissions.add(Builders.topicPermission().topicFilter("#").activity(TopicPermission.MqttActivity.ALL)
                .type(TopicPermission.PermissionType.ALLOW).build());
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        input.getConnectionInformation().getConnectionAttributeStore()
                .putAsString(IDENTITY, BrokerRules.Identity.GATEWAY.encode());
        output.authenticateSuccessfully();
    }

    private boolean ownedByAnother(SimpleAuthOutput output, InetSocketAddress remote, String user, String clientId,
                                   BrokerRules.Identity identity) {
        String owner = owners.getIfPresent(clientId);
        if (owner == null || owner.equals(identity.encode())) {
            return false;
        }
        refuseClientId(output, remote, user, clientId, "client id in use by another identity");
        return true;
    }

    /** Logged in: what the client may do is {@link BrokerAuthorizer}'s; the defaults deny (fail closed). */
    private void accept(SimpleAuthInput input, SimpleAuthOutput output, BrokerRules.Identity identity, long queue) {
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        ModifiableClientSettings settings = output.getClientSettings();
        settings.setClientQueueSizeMaximum(queue);
        settings.setClientReceiveMaximum(Math.min(settings.getClientReceiveMaximum(), MAX_INFLIGHT_TO_CLIENT));
        input.getConnectionInformation().getConnectionAttributeStore().putAsString(IDENTITY, identity.encode());
        output.authenticateSuccessfully();
    }

    private void refuseClientId(SimpleAuthOutput output, InetSocketAddress remote, String user, String clientId,
                                String reason) {
        log.warn("refused MQTT connection from {}{} with client id \"{}\": {}", remote.getAddress().getHostAddress(),
                user == null ? "" : " (user " + LogSafe.text(user) + ")", LogSafe.text(clientId), reason);
        audit.record(AuditEvent.builder(AuditEvent.DENIED, clock.instant()).user(LogSafe.text(user))
                .remote(remote.getAddress()).transport(Protocol.MQTT.label()).detail("clientId", LogSafe.text(clientId))
                .reason(reason).build());
        output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, reason);
    }

    /**
     * A failed login: counted (a lockout's refusals too), logged, audited; answered after {@code delay}, or when null
     * after the lockout this failure may have started.
     */
    private void failure(SimpleAuthOutput output, InetSocketAddress remote, String user, String clientId, String reason,
                         Duration delay) {
        InetAddress address = remote.getAddress();
        boolean crossed = throttle.recordFailure(address, user);
        String who = user == null ? "" : " for user " + LogSafe.text(user);
        log.info("MQTT login refused from {}{} (client id \"{}\"): {}", address.getHostAddress(), who,
                LogSafe.text(clientId), reason);
        audit.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(LogSafe.text(user))
                .remote(address).transport(Protocol.MQTT.label()).detail("clientId", LogSafe.text(clientId))
                .reason(reason).build());
        if (crossed) {
            log.warn("MQTT logins from {}{} are now limited: repeated failures", address.getHostAddress(), who);
            audit.record(AuditEvent.builder(AuditEvent.RATE_LIMITED, clock.instant()).user(LogSafe.text(user))
                    .remote(address).transport(Protocol.MQTT.label()).reason("repeated authentication failures")
                    .build());
        }
        Duration hold = delay != null ? delay : throttle.lockout(address, user);
        if (hold.isZero()) {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
            return;
        }
        Async<SimpleAuthOutput> async = output.async(hold.plusSeconds(10), TimeoutFallback.FAILURE,
                ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        Services.extensionExecutorService().schedule(() -> {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
            async.resume();
        }, hold.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
