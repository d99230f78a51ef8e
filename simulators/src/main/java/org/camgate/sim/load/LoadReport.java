package org.camgate.sim.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the readers received between two snapshots: totals, the per-reader rate, and the worst
 * reader (most packets lost, then fewest bytes). {@link #resultLine()} is one line of
 * {@code key=value} pairs for scripts.
 */
final class LoadReport {
    private final List<ReaderSnapshot> window;
    private final List<ReaderSnapshot> atEnd;
    private final double seconds;

    LoadReport(List<ReaderSnapshot> atStart, List<ReaderSnapshot> atEnd, double seconds) {
        this.atEnd = List.copyOf(atEnd);
        this.seconds = seconds;
        List<ReaderSnapshot> diff = new ArrayList<>(atEnd.size());
        for (int i = 0; i < atEnd.size(); i++) {
            diff.add(atEnd.get(i).minus(atStart.get(i)));
        }
        this.window = diff;
    }

    long bytes() {
        return window.stream().mapToLong(ReaderSnapshot::bytes).sum();
    }

    long packets() {
        return window.stream().mapToLong(ReaderSnapshot::packets).sum();
    }

    long lost() {
        return window.stream().mapToLong(ReaderSnapshot::lost).sum();
    }

    long playing() {
        return atEnd.stream().filter(ReaderSnapshot::playing).count();
    }

    ReaderSnapshot worst() {
        return window.stream().max(Comparator.comparingLong(ReaderSnapshot::lost)
                .thenComparing(Comparator.comparingLong(ReaderSnapshot::bytes).reversed())).orElseThrow();
    }

    private double mbps(long bytes) {
        return bytes * 8 / seconds / 1e6;
    }

    private double minMbps() {
        return mbps(window.stream().mapToLong(ReaderSnapshot::bytes).min().orElse(0));
    }

    private double maxMbps() {
        return mbps(window.stream().mapToLong(ReaderSnapshot::bytes).max().orElse(0));
    }

    /** Nearest-rank percentile of the join times of the readers that joined; -1 when none did. */
    double joinPercentile(double p) {
        double[] joins = atEnd.stream().mapToDouble(ReaderSnapshot::joinMillis).filter(j -> j >= 0).sorted().toArray();
        if (joins.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * joins.length);
        return joins[Math.max(0, Math.min(joins.length - 1, rank - 1))];
    }

    double meanJitter() {
        return atEnd.stream().mapToDouble(ReaderSnapshot::jitterMillis).average().orElse(0);
    }

    double maxJitter() {
        return atEnd.stream().mapToDouble(ReaderSnapshot::jitterMillis).max().orElse(0);
    }

    boolean clean() {
        return playing() == atEnd.size() && lost() == 0;
    }

    String text(String url) {
        int n = window.size();
        ReaderSnapshot worst = worst();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "load: %d reader(s) of %s, measured for %.1f s%n", n, url, seconds));
        b.append(String.format(Locale.ROOT, "  playing at the end: %d/%d%n", playing(), n));
        b.append(String.format(Locale.ROOT, "  received: %.3f GB, %d RTP packets, %d lost (%.4f%%)%n",
                bytes() / 1e9, packets(), lost(), packets() + lost() == 0 ? 0.0 : 100.0 * lost() / (packets() + lost())));
        b.append(String.format(Locale.ROOT, "  per reader: %.3f Mbit/s average, %.3f min, %.3f max%n",
                mbps(bytes()) / n, minMbps(), maxMbps()));
        b.append(String.format(Locale.ROOT, "  worst reader: #%d, %d lost of %d packets, %.3f Mbit/s%s%n",
                worst.id(), worst.lost(), worst.packets() + worst.lost(), mbps(worst.bytes()),
                worst.failure() == null ? "" : ", " + worst.failure()));
        b.append(String.format(Locale.ROOT, "  join time (connect to first video packet): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                joinPercentile(0.50), joinPercentile(0.99), joinPercentile(1.0)));
        b.append(String.format(Locale.ROOT, "  RTP jitter at the end: mean %.2f ms, max %.2f ms%n", meanJitter(), maxJitter()));
        Map<String, Integer> failures = new TreeMap<>();
        for (ReaderSnapshot s : atEnd) {
            if (s.failure() != null) {
                failures.merge(s.failure(), 1, Integer::sum);
            }
        }
        failures.forEach((reason, count) -> b.append("  failed: ").append(count).append(" x ").append(reason)
                .append(System.lineSeparator()));
        return b.toString();
    }

    String resultLine() {
        int n = window.size();
        ReaderSnapshot worst = worst();
        return String.format(Locale.ROOT,
                "RESULT readers=%d playing=%d seconds=%.3f bytes=%d packets=%d lost=%d mbps_per_reader=%.3f "
                        + "mbps_min=%.3f worst_reader=%d worst_lost=%d join_p50_ms=%.1f join_p99_ms=%.1f "
                        + "jitter_mean_ms=%.2f jitter_max_ms=%.2f",
                n, playing(), seconds, bytes(), packets(), lost(), mbps(bytes()) / n, minMbps(), worst.id(),
                worst.lost(), joinPercentile(0.50), joinPercentile(0.99), meanJitter(), maxJitter());
    }
}
