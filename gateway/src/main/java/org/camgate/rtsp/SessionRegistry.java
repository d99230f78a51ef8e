package org.camgate.rtsp;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every reader session of the server, bounded in total, per address and per user. Thread-safe. */
final class SessionRegistry {
    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, ReaderSession> sessions = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

    SessionRegistry(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Registers the session unless a limit is reached.
     *
     * @param maxPerUser the session's user's own limit; 0 for none
     */
    synchronized boolean tryAdd(ReaderSession session, InetAddress address, int maxPerUser) {
        int count = perAddress.getOrDefault(address, 0);
        int userCount = perUser.getOrDefault(session.user(), 0);
        if (sessions.size() >= maxTotal || count >= maxPerAddress || maxPerUser > 0 && userCount >= maxPerUser) {
            return false;
        }
        sessions.put(session.id(), session);
        perAddress.put(address, count + 1);
        perUser.put(session.user(), userCount + 1);
        return true;
    }

    synchronized void remove(ReaderSession session, InetAddress address) {
        if (sessions.remove(session.id(), session)) {
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
            perUser.computeIfPresent(session.user(), (u, n) -> n <= 1 ? null : n - 1);
        }
    }

    Optional<ReaderSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** The sessions now (a copy). */
    java.util.List<ReaderSession> all() {
        return java.util.List.copyOf(sessions.values());
    }

    int size() {
        return sessions.size();
    }
}
