package org.camgate.access;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * The door of one TCP listener: at accept, the access policy's network rules and the listener's connection limits;
 * a refused connection is closed before a byte is read, and audited. An admitted channel carries its slot, which
 * {@link #authenticated(Channel)} moves out of its address's unauthenticated count.
 */
public final class Admission {
    private static final AttributeKey<ConnectionLimiter.Slot> SLOT = AttributeKey.valueOf("camgate.admission.slot");

    private final Protocol protocol;
    private final AccessPolicy policy;
    private final ConnectionLimiter limiter;

    public Admission(Protocol protocol, AccessPolicy policy, ConnectionLimiter limiter) {
        this.protocol = requireNonNull(protocol, "protocol");
        this.policy = requireNonNull(policy, "policy");
        this.limiter = requireNonNull(limiter, "limiter");
    }

    /** Decides for a just-accepted channel; closes it and returns false when refused. */
    public boolean admit(Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        if (remote == null || remote.getAddress() == null) {
            channel.close();
            return false;
        }
        AccessRequest request = AccessRequest.connect(protocol, remote);
        if (!policy.decide(request).allowed()) {
            channel.close();
            return false;
        }
        ConnectionLimiter.Slot slot = limiter.tryAcquire(remote.getAddress());
        if (slot == null) {
            policy.refuse(request, "connection limit reached");
            channel.close();
            return false;
        }
        channel.attr(SLOT).set(slot);
        channel.closeFuture().addListener(f -> slot.release());
        return true;
    }

    public ConnectionLimiter limiter() {
        return limiter;
    }

    /** The channel's connection has authenticated (no effect on a channel this class did not admit). */
    public static void authenticated(Channel channel) {
        ConnectionLimiter.Slot slot = channel.attr(SLOT).get();
        if (slot != null) {
            slot.authenticated();
        }
    }
}
