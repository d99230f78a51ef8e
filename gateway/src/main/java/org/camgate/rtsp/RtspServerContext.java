package org.camgate.rtsp;

import io.netty.channel.Channel;
import org.camgate.access.AccessPolicy;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.RtspConfig;
import org.camgate.config.UserConfig;
import org.camgate.stream.CameraStream;

import java.security.SecureRandom;
import java.util.Map;

/** What every connection of the RTSP server shares. */
final class RtspServerContext {
    final RtspConfig config;
    /** Replaced whole by a reload ({@link RtspServer#reconfigure}); never changed in place. */
    volatile Map<String, CameraStream> cameras;
    final AccessPolicy policy;
    /** Replaced whole by a reload. */
    volatile Map<String, UserConfig> users;
    final ReaderAuthenticator authenticator;
    final SessionRegistry sessions;
    final AuditLog audit;
    final SecureRandom random = new SecureRandom();
    /** UDP sessions by the address their RTCP comes from, so receiver reports keep them alive. */
    final Map<java.net.InetSocketAddress, ReaderSession> udpRtcpSources = new java.util.concurrent.ConcurrentHashMap<>();
    volatile Channel udpRtp;
    volatile Channel udpRtcp;

    RtspServerContext(RtspConfig config, Map<String, CameraStream> cameras, AccessPolicy policy,
                      Map<String, UserConfig> users, ReaderAuthenticator authenticator, AuditLog audit) {
        this.config = config;
        this.cameras = Map.copyOf(cameras);
        this.policy = policy;
        this.users = Map.copyOf(users);
        this.authenticator = authenticator;
        this.sessions = new SessionRegistry(config.maxSessions(), config.maxSessionsPerAddress());
        this.audit = audit;
    }
}
