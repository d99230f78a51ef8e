package org.camgate.rtsp;

import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit records of the RTSP server, in one place so their fields stay consistent. */
final class ReaderAudit {
    private final AuditLog log;

    ReaderAudit(AuditLog log) {
        this.log = log;
    }

    void sessionStart(ReaderSession session, InetSocketAddress remote) {
        record("session-start", session.user(), remote, session.cameraId(),
                details("transport", session.transportName(), "session", session.id()));
    }

    void sessionEnd(ReaderSession session, InetSocketAddress remote, String reason) {
        long bytes = session.reader() == null ? 0 : session.reader().bytesSent();
        long dropped = session.reader() == null ? 0 : session.reader().framesDropped();
        record("session-end", session.user(), remote, session.cameraId(),
                details("transport", session.transportName(), "session", session.id(), "bytes", bytes,
                        "framesDropped", dropped, "durationMs", session.durationMillis(), "reason", reason));
    }

    void authFailure(String user, InetSocketAddress remote, String camera, String reason) {
        record("auth-failure", user, remote, camera, details("reason", reason));
    }

    void rateLimited(InetSocketAddress remote) {
        record("rate-limited", null, remote, null, details("reason", "repeated authentication failures"));
    }

    void denied(String user, InetSocketAddress remote, String camera, String reason) {
        record("denied", user, remote, camera, details("reason", reason));
    }

    private void record(String event, String user, InetSocketAddress remote, String camera, Map<String, Object> details) {
        log.record(new AuditEvent(Instant.now(), event, user, address(remote), camera, details));
    }

    static String address(InetSocketAddress remote) {
        return remote == null ? null : AuditEvent.formatRemote(remote);
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
