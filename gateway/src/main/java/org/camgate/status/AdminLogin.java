package org.camgate.status;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.Action;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login in front of the status page's access log: HTTP Digest with the gateway's users, through the same
 * {@link ReaderAuthenticator} (per-resource {@code uri} match, shared login throttle) as ONVIF's HTTP Digest; then the
 * access policy is asked whether the user may see it ({@link Action#ADMIN}: {@code admin: true}). Failed logins are
 * audited as {@code auth-failure} with transport {@code status}; refusals by the policy are audited by the policy.
 */
final class AdminLogin {
    private static final Logger log = LoggerFactory.getLogger(AdminLogin.class);

    /** What to answer. */
    sealed interface Result permits Allowed, Challenge, Forbidden {
    }

    /** Show it to {@code user}. */
    record Allowed(String user) implements Result {
    }

    /** 401 with these {@code WWW-Authenticate} values, after {@code delay}. */
    record Challenge(List<String> wwwAuthenticate, Duration delay) implements Result {
    }

    /** 403: a known user the policy refuses (not an admin, or a network rule). */
    record Forbidden() implements Result {
    }

    private final ReaderAuthenticator digest;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    AdminLogin(ReaderAuthenticator digest, AccessPolicy policy, AuditLog audit, Clock clock) {
        this.digest = requireNonNull(digest, "digest");
        this.policy = requireNonNull(policy, "policy");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * @param uri           the request-target, which the digest {@code uri} must name
     * @param authorization the request's Authorization header, or null
     */
    Result check(String method, String uri, String authorization, InetSocketAddress remote) {
        ReaderAuthenticator.Outcome outcome = digest.authenticate(method, uri, null, authorization, remote.getAddress());
        if (outcome instanceof ReaderAuthenticator.Granted granted) {
            boolean allowed = policy.decide(new AccessRequest(Protocol.STATUS, remote, granted.user(), null,
                    Action.ADMIN)).allowed();
            return allowed ? new Allowed(granted.user()) : new Forbidden();
        }
        ReaderAuthenticator.Challenge challenge = (ReaderAuthenticator.Challenge) outcome;
        if (challenge.failure() != null) {
            audit.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(challenge.claimedUser())
                    .remote(remote).transport(Protocol.STATUS.label()).reason("http digest: " + challenge.failure())
                    .build());
        }
        if (challenge.limitCrossed()) {
            log.warn("{}: repeated status page login failures; refusing its logins unchecked and answering late",
                    remote.getAddress().getHostAddress());
            audit.record(AuditEvent.builder(AuditEvent.RATE_LIMITED, clock.instant()).remote(remote)
                    .transport(Protocol.STATUS.label()).reason("repeated authentication failures").build());
        }
        return new Challenge(challenge.wwwAuthenticate(), challenge.delay());
    }
}
