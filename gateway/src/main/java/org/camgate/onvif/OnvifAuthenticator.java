package org.camgate.onvif;

import org.camgate.access.AccessPolicy;
import org.camgate.access.Decision;
import org.camgate.access.LogSafe;
import org.camgate.access.LoginThrottle;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.UserConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The ONVIF login and access decision for one call, apart from how the request was read: WS-Security UsernameToken
 * (PasswordDigest, checked by the {@link UsernameTokenVerifier}) or HTTP Digest, the {@link LoginThrottle}, then the
 * access policy for the operation's {@link AccessClass}. Used by {@link OnvifAuthInterceptor} (CXF, the token read
 * from CXF's header DOM) and by {@link OnvifFastPath} (the token read while streaming through the envelope), so both
 * ways in decide, audit and answer alike.
 */
final class OnvifAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(OnvifAuthInterceptor.class);
    /** How often at most the log says that the WS-Security replay memory refuses tokens (the audit has each). */
    private static final long BUSY_LOG_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    /** A UsernameToken's texts as sent (any may be null). */
    record Token(String username, String password, String passwordType, String nonce, String created) {
    }

    /** What the call came to. */
    sealed interface Verdict permits Allowed, Refused {
    }

    /** Go ahead as {@code caller}. */
    record Allowed(OnvifCaller caller) implements Verdict {
    }

    /**
     * Answer {@code status} with {@code body} (a whole SOAP envelope), the challenges, the extra headers (name, value
     * pairs), after {@code late}, closing the connection after it when {@code closeAfter}.
     */
    record Refused(int status, String body, List<String> wwwAuthenticate, List<String> headers, Duration late,
                   boolean closeAfter) implements Verdict {
    }

    /**
     * What the request's credentials came to.
     *
     * @param user      the authenticated user, or null
     * @param claimed   the user name claimed by credentials that failed, or null
     * @param failure   why credentials were refused, or null (none sent, or accepted)
     * @param crossed   this failure put a counter over its limit (logged and audited once)
     * @param delay     how late a refusal is answered
     * @param challenge the Digest challenge of a failed Digest attempt (fresh nonce, stale flag), or null
     * @param busy      a correct token was refused because the replay memory is full
     */
    private record Login(String user, String claimed, String failure, boolean crossed, Duration delay,
                         ReaderAuthenticator.Challenge challenge, boolean busy) {
    }

    private final UsernameTokenVerifier tokens;
    private final ReaderAuthenticator digest;
    private final AccessPolicy policy;
    private final LoginThrottle throttle;
    private final Map<String, UserConfig> users;
    private final AuditLog audit;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong lastBusyLog = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - BUSY_LOG_INTERVAL_NANOS);

    OnvifAuthenticator(UsernameTokenVerifier tokens, ReaderAuthenticator digest, AccessPolicy policy,
                       LoginThrottle throttle, Map<String, UserConfig> users, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.digest = digest;
        this.policy = policy;
        this.throttle = throttle;
        this.users = Map.copyOf(users);
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Logs the caller in and asks the policy about {@code operation}.
     *
     * @param token         the request's UsernameToken, or null
     * @param authorization the HTTP Authorization header, or null
     * @param requestUri    the request's path and query (for HTTP Digest)
     * @param authenticated called once the connection has authenticated (it leaves the unauthenticated count)
     */
    Verdict check(Token token, String authorization, String requestUri, InetSocketAddress peer, String operation,
                  OnvifAuthInterceptor.HostHeader host, Runnable authenticated) {
        String remote = AuditEvent.formatRemote(peer);
        AccessClass access = AccessClass.of(operation);
        Login login = login(token, authorization, requestUri, peer, remote, operation);
        if (login.failure() != null) {
            audit.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(login.claimed()).remote(remote)
                    .transport("onvif").detail("operation", operation).reason(login.failure()).build());
        }
        if (login.crossed()) {
            log.warn("{}: repeated ONVIF authentication failures; refusing its logins unchecked and answering late",
                    peer.getAddress().getHostAddress());
            audit.record(AuditEvent.builder(AuditEvent.RATE_LIMITED, clock.instant()).remote(remote).transport("onvif")
                    .reason("repeated authentication failures").build());
        }
        if (login.user() != null) {
            authenticated.run();
        }
        if (login.busy() && login.user() == null && access != AccessClass.PRE_AUTH) {
            return new Refused(503, OnvifAuthInterceptor.BUSY, List.of(), List.of("Retry-After", "1"), Duration.ZERO,
                    false);
        }
        // Pre-auth operations are open to all, even with credentials that fail (clients ask the time to correct
        // their clock): the policy's network rules decide. Anything else needs a user the policy accepts.
        Decision decision = policy.decide(access.request(peer, login.user()));
        if (decision.allowed()) {
            return new Allowed(new OnvifCaller(login.user() == null ? null : users.get(login.user()), peer, host.host(),
                    host.port()));
        }
        if (decision != Decision.UNAUTHENTICATED) {
            // Refused by the policy, which has logged and audited it. Only the network rules can refuse here (the
            // address is no longer allowed, e.g. after a reload): the connection ends too.
            return new Refused(403, OnvifAuthInterceptor.FORBIDDEN, List.of(), List.of(), Duration.ZERO, true);
        }
        ReaderAuthenticator.Outcome challenge = login.challenge() != null ? login.challenge()
                : digest.authenticate("POST", requestUri, null, null, peer.getAddress());
        return new Refused(401, OnvifAuthInterceptor.NOT_AUTHORIZED, challenge instanceof ReaderAuthenticator.Challenge c
                ? c.wwwAuthenticate() : List.of(), List.of(), login.delay(), false);
    }

    private Login login(Token token, String authorization, String requestUri, InetSocketAddress peer, String remote,
                        String operation) {
        InetAddress address = peer.getAddress();
        String claimed = null;
        String failure = null;
        boolean crossed = false;
        boolean busy = false;
        Duration delay = Duration.ZERO;
        if (token != null) {
            claimed = token.username();
            Duration lockout = throttle.lockout(address, claimed);
            if (!lockout.isZero()) {
                crossed = throttle.recordFailure(address, claimed);
                failure = "ws-security: too many failed logins: refused unchecked";
                delay = lockout;
            } else {
                UsernameTokenVerifier.Result r = tokens.verify(claimed, token.password(), token.passwordType(),
                        token.nonce(), token.created());
                switch (r) {
                    case OK -> {
                        throttle.recordSuccess(address, claimed);
                        return new Login(claimed, null, null, false, Duration.ZERO, null, false);
                    }
                    case BUSY -> {
                        busy = true;
                        busy(claimed, peer, remote, operation);
                    }
                    // Neither says anything about the password: a clock off by minutes, or a token seen before.
                    case STALE, REPLAYED -> failure = "ws-security: " + describe(r);
                    default -> {
                        failure = "ws-security: " + describe(r);
                        crossed = throttle.recordFailure(address, claimed);
                        delay = throttle.lockout(address, claimed);
                    }
                }
            }
        }
        ReaderAuthenticator.Challenge challenge = null;
        if (authorization != null) {
            ReaderAuthenticator.Outcome outcome = digest.authenticate("POST", requestUri, null, authorization, address);
            if (outcome instanceof ReaderAuthenticator.Granted granted) {
                return new Login(granted.user(), null, null, crossed, Duration.ZERO, null, false);
            }
            challenge = (ReaderAuthenticator.Challenge) outcome;
            if (challenge.failure() != null) {
                failure = "http digest: " + challenge.failure();
                claimed = challenge.claimedUser();
            }
            crossed |= challenge.limitCrossed();
            if (challenge.delay().compareTo(delay) > 0) {
                delay = challenge.delay();
            }
        }
        return new Login(null, claimed, failure, crossed, delay, challenge, busy);
    }

    private void busy(String user, InetSocketAddress peer, String remote, String operation) {
        String reason = "ws-security replay memory full: too many recent tokens";
        audit.record(AuditEvent.builder(AuditEvent.DENIED, clock.instant()).user(user).remote(remote).transport("onvif")
                .detail("operation", operation).reason(reason).build());
        long now = System.nanoTime();
        long last = lastBusyLog.get();
        if (now - last >= BUSY_LOG_INTERVAL_NANOS && lastBusyLog.compareAndSet(last, now)) {
            log.warn("refused a correct ONVIF UsernameToken of {} from {}: {} (onvif.maxRememberedTokens; further "
                    + "refusals this minute only in the audit log)", LogSafe.text(user), peer.getAddress().getHostAddress(),
                    reason);
        }
    }

    private static String describe(UsernameTokenVerifier.Result r) {
        return r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
