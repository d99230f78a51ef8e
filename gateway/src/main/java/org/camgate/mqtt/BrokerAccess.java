package org.camgate.mqtt;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camgate.config.MqttConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on the embedded broker. The gateway's own client (a per-start random password) may publish
 * anywhere. Configured users may read everything, publish on the command topics only when they are command
 * identities, and publish outside the gateway's topic tree (sensor inputs). Anonymous clients may read everything
 * and publish outside the gateway's tree. Nobody but the gateway publishes under {@code {prefix}/{site}} otherwise.
 * Passwords are compared in constant time and never logged.
 */
final class BrokerAccess implements SimpleAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(BrokerAccess.class);
    static final String GATEWAY_USER = "camgate-gateway";

    private final Map<String, byte[]> passwords;
    private final Set<String> commandIdentities;
    private final byte[] gatewayPassword;
    private final String tree;
    private final String commandFilter;

    BrokerAccess(List<MqttConfig.User> users, List<String> commandIdentities, byte[] gatewayPassword, Topics topics,
                 String prefix, String site) {
        java.util.HashMap<String, byte[]> p = new java.util.HashMap<>();
        for (MqttConfig.User u : users) {
            p.put(u.name(), u.password().getBytes(StandardCharsets.UTF_8));
        }
        this.passwords = Map.copyOf(p);
        this.commandIdentities = Set.copyOf(commandIdentities);
        this.gatewayPassword = gatewayPassword.clone();
        this.tree = prefix + "/" + site + "/#";
        this.commandFilter = topics.commandFilter();
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        Optional<String> user = input.getConnectPacket().getUserName();
        Optional<ByteBuffer> password = input.getConnectPacket().getPassword();
        ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
        if (user.isEmpty()) {
            readOnlyInTree(permissions);
            output.authenticateSuccessfully();
            return;
        }
        byte[] given = password.map(BrokerAccess::bytes).orElse(new byte[0]);
        String name = user.get();
        if (name.equals(GATEWAY_USER)) {
            if (MessageDigest.isEqual(given, gatewayPassword)) {
                permissions.add(permission("#", TopicPermission.MqttActivity.ALL, TopicPermission.PermissionType.ALLOW));
                permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
                output.authenticateSuccessfully();
                return;
            }
        } else {
            byte[] expected = passwords.get(name);
            // Compare against something of the same kind even for unknown users (no timing hint).
            boolean ok = MessageDigest.isEqual(given, expected == null ? gatewayPassword : expected) && expected != null;
            if (ok) {
                if (commandIdentities.contains(name)) {
                    permissions.add(permission(commandFilter, TopicPermission.MqttActivity.PUBLISH,
                            TopicPermission.PermissionType.ALLOW));
                }
                readOnlyInTree(permissions);
                output.authenticateSuccessfully();
                return;
            }
        }
        log.warn("embedded MQTT broker: login refused for user \"{}\" (client {})", name,
                input.getClientInformation().getClientId());
        output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
    }

    private void readOnlyInTree(ModifiableDefaultPermissions permissions) {
        permissions.add(permission(tree, TopicPermission.MqttActivity.PUBLISH, TopicPermission.PermissionType.DENY));
        permissions.add(permission("#", TopicPermission.MqttActivity.ALL, TopicPermission.PermissionType.ALLOW));
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    }

    private static TopicPermission permission(String filter, TopicPermission.MqttActivity activity,
                                              TopicPermission.PermissionType type) {
        return Builders.topicPermission().topicFilter(filter).activity(activity).type(type).build();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
