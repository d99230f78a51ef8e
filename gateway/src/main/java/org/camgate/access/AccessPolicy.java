package org.camgate.access;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.config.AccessConfig;
import org.camgate.config.CameraConfig;
import org.camgate.config.GatewayConfig;
import org.camgate.config.UserConfig;
import org.camgate.sensor.common.SensorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one access policy. Every way in (RTSP, ONVIF, snapshots, the status server, WS-Discovery, the
 * embedded MQTT broker, sensor inputs) asks it the same question, an {@link AccessRequest}, and no feature decides
 * access on its own. The rules, by action:
 * <ul>
 *   <li>{@link Action#CONNECT}, {@link Action#PRE_AUTH}: the site's network lists ({@code access.allow}/{@code deny});
 *       for {@link Protocol#SENSOR} instead the sensor's own {@code allow} list (any source when it has none: sensors
 *       sit on their own network, not the readers').</li>
 *   <li>{@link Action#READ}: the network lists, and a user the configuration knows.</li>
 *   <li>{@link Action#ADMIN}: as READ, and the user has {@code admin: true}.</li>
 *   <li>{@link Action#CAMERA}: as READ, and the camera exists, is among the user's {@code cameras}, and the address
 *       is inside the camera's own {@code access} lists.</li>
 * </ul>
 * Every refusal other than {@link Decision#UNAUTHENTICATED} (which the caller answers with a challenge) is logged and
 * audited here as {@code denied}, with the way in as its {@code transport}. Thread-safe; {@link #update} swaps the
 * rules atomically (a reloaded configuration).
 */
public final class AccessPolicy {
    private static final Logger log = LoggerFactory.getLogger(AccessPolicy.class);

    private record Rules(AccessConfig network, Map<String, UserConfig> users, Map<String, Optional<AccessConfig>> cameras,
                         Map<String, List<Cidr>> sensors) {
    }

    private final AuditLog audit;
    private final Clock clock;
    private final RefusalLog refusals = new RefusalLog(log);
    private volatile Rules rules;

    public AccessPolicy(GatewayConfig config, AuditLog audit, Clock clock) {
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
        update(config);
    }

    /** Takes the rules of a (re)loaded configuration; requests decided afterwards use them. */
    public void update(GatewayConfig config) {
        Map<String, UserConfig> users = new LinkedHashMap<>();
        config.users().forEach(u -> users.put(u.name(), u));
        Map<String, Optional<AccessConfig>> cameras = new LinkedHashMap<>();
        for (CameraConfig c : config.cameras()) {
            cameras.put(c.id(), c.access());
        }
        Map<String, List<Cidr>> sensors = new LinkedHashMap<>();
        for (SensorSettings s : config.sensors()) {
            sensors.put(s.id(), s.allow());
        }
        rules = new Rules(config.access(), Map.copyOf(users), Map.copyOf(cameras), Map.copyOf(sensors));
    }

    /** Decides, and logs and audits a refusal. */
    public Decision decide(AccessRequest request) {
        Decision decision = evaluate(request);
        if (!decision.allowed() && decision != Decision.UNAUTHENTICATED) {
            refused(request, decision);
        }
        return decision;
    }

    /** Decides without logging or auditing (for callers that only filter, e.g. which profiles to list). */
    public Decision evaluate(AccessRequest request) {
        Rules r = rules;
        InetAddress address = request.address();
        if (request.protocol() == Protocol.SENSOR) {
            List<Cidr> allow = request.camera() == null ? null : r.sensors().get(request.camera());
            if (allow == null) {
                return Decision.UNKNOWN_CAMERA;
            }
            return allow.isEmpty() || allow.stream().anyMatch(c -> c.contains(address))
                    ? Decision.ALLOW : Decision.ADDRESS_NOT_ALLOWED;
        }
        if (!r.network().permits(address)) {
            return Decision.ADDRESS_NOT_ALLOWED;
        }
        if (request.action() == Action.CONNECT || request.action() == Action.PRE_AUTH) {
            return Decision.ALLOW;
        }
        UserConfig user = request.user() == null ? null : r.users().get(request.user());
        if (user == null) {
            return Decision.UNAUTHENTICATED;
        }
        if (request.action() == Action.READ) {
            return Decision.ALLOW;
        }
        if (request.action() == Action.ADMIN) {
            return user.admin() ? Decision.ALLOW : Decision.NOT_ADMIN;
        }
        Optional<AccessConfig> camera = r.cameras().get(request.camera());
        if (camera == null) {
            return Decision.UNKNOWN_CAMERA;
        }
        if (!user.mayView(request.camera())) {
            return Decision.CAMERA_NOT_PERMITTED;
        }
        if (camera.isPresent() && !camera.get().permits(address)) {
            return Decision.ADDRESS_NOT_ALLOWED_FOR_CAMERA;
        }
        return Decision.ALLOW;
    }

    /**
     * Audits a refusal decided outside the rules (a connection or session limit), with its reason, and logs it
     * (once a minute per way in, address and reason).
     */
    public void refuse(AccessRequest request, String reason) {
        refusals.info(request.protocol(), request.address(), reason, "refused {} from {}: {}",
                request.protocol().label(), request.address().getHostAddress(), reason);
        audit(request, reason);
    }

    private void audit(AccessRequest request, String reason) {
        audit.record(AuditEvent.builder(AuditEvent.DENIED, clock.instant()).user(request.user())
                .remote(request.remote()).camera(request.camera()).transport(request.protocol().label())
                .reason(reason).build());
    }

    private void refused(AccessRequest request, Decision decision) {
        String who = request.address().getHostAddress();
        if (request.action() == Action.CONNECT) {
            refusals.info(request.protocol(), request.address(), decision.reason(), "refused {} connection from {}: {}",
                    request.protocol().label(), who, decision.reason());
        } else {
            refusals.info(request.protocol(), request.address(), decision.reason(), "refused {} {} from {}{}: {}",
                    request.protocol().label(),
                    request.camera() == null ? "request" : "access to " + request.camera(), who,
                    request.user() == null ? "" : " (user " + LogSafe.text(request.user()) + ")", decision.reason());
        }
        audit(request, decision.reason());
    }
}
