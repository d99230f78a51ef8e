package org.camgate.sensor.common;

/**
 * Follows the sequence numbers (radar {@code seq}) or frame ids (LiDAR, thermal) of one sensor so that a datagram
 * that does not belong to the sensor's running sequence cannot take it over. UDP senders are not authenticated: one
 * spoofed datagram with a number far ahead would otherwise make every genuine datagram after it look late.
 * <ul>
 *   <li>An id up to {@link #MAX_JUMP} ahead of the current one continues the sequence ({@link Verdict#NEXT}; gaps
 *   are lost datagrams); the current id again is {@link Verdict#SAME}; an id up to {@link #MAX_JUMP} behind is
 *   {@link Verdict#LATE}.</li>
 *   <li>An id further away either way is not trusted ({@link Verdict#JUMP}, dropped): it only becomes a
 *   <em>candidate</em>. A candidate that keeps going (ids each at most {@link #MAX_STEP} above the last) for
 *   {@link #CONFIRMATIONS} more ids, with no datagram continuing the current sequence in between, replaces it
 *   ({@link Verdict#RESYNC}, used): a sensor that restarted its numbering costs {@code CONFIRMATIONS} datagrams.</li>
 *   <li>Late ids become candidates the same way, so the genuine sequence also wins back after a spoofed datagram that
 *   was near enough ahead to be taken ({@code CONFIRMATIONS} genuine datagrams are lost then).</li>
 * </ul>
 * Ids are compared either as unsigned 32-bit numbers that wrap (frame ids) or as non-negative longs. Not thread-safe:
 * used on the sensor's event loop.
 */
public final class SequenceGuard {
    /** How an id relates to the sequence. */
    public enum Verdict {
        /** Ahead of the current id, within {@link #MAX_JUMP}: now the current id. */
        NEXT,
        /** The current id again (a duplicate, or another datagram of the current frame). */
        SAME,
        /** Behind the current id, within {@link #MAX_JUMP}. */
        LATE,
        /** Far from the current id: not trusted (yet). */
        JUMP,
        /** A candidate sequence continued long enough: it replaced the current one, and this id is the current one. */
        RESYNC
    }

    /** The largest step ahead (or behind) that is taken as part of the current sequence. */
    public static final long MAX_JUMP = 100;
    /** The largest step between two ids of a candidate sequence. */
    public static final long MAX_STEP = 16;
    /** How many more ids must continue a candidate before it replaces the current sequence. */
    public static final int CONFIRMATIONS = 2;

    private final boolean wraps32;
    private boolean any;
    private long current;
    private boolean candidate;
    private long candidateLast;
    private int candidateSteps;
    private long resyncs;

    /** @param wraps32 ids are unsigned 32-bit and wrap after 2^32 - 1 (else non-negative longs that do not wrap) */
    public SequenceGuard(boolean wraps32) {
        this.wraps32 = wraps32;
    }

    public Verdict offer(long id) {
        if (!any) {
            any = true;
            current = id;
            candidate = false;
            return Verdict.NEXT;
        }
        long d = distance(id, current);
        if (d > 0 && d <= MAX_JUMP) {
            current = id;
            candidate = false;
            return Verdict.NEXT;
        }
        if (d == 0) {
            candidate = false;
            return Verdict.SAME;
        }
        if (candidate) {
            long step = distance(id, candidateLast);
            if (step == 0) {
                return d < 0 && d >= -MAX_JUMP ? Verdict.LATE : Verdict.JUMP;
            }
            if (step > 0 && step <= MAX_STEP) {
                candidateLast = id;
                if (++candidateSteps >= CONFIRMATIONS) {
                    current = id;
                    candidate = false;
                    resyncs++;
                    return Verdict.RESYNC;
                }
                return d < 0 && d >= -MAX_JUMP ? Verdict.LATE : Verdict.JUMP;
            }
        }
        candidate = true;
        candidateLast = id;
        candidateSteps = 0;
        return d < 0 && d >= -MAX_JUMP ? Verdict.LATE : Verdict.JUMP;
    }

    /** The current id (meaningless before the first {@link #offer}). */
    public long current() {
        return current;
    }

    /** Times a candidate sequence replaced the current one. */
    public long resyncs() {
        return resyncs;
    }

    /** Forget the sequence (after a silence: the sensor may have restarted); the next id starts it. */
    public void reset() {
        any = false;
        candidate = false;
    }

    /** {@code a - b}: positive when {@code a} is ahead; for wrapping ids, the shorter way round. */
    private long distance(long a, long b) {
        return wraps32 ? (int) (a - b) : a - b;
    }
}
