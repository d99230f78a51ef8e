package org.camgate.sim.site;

import java.util.ArrayList;
import java.util.List;

/** Every problem found in a scenario file, each with its YAML path and line, in the gateway's configuration style. */
public final class ScenarioProblems extends RuntimeException {
    private final List<String> problems;

    ScenarioProblems(String source, List<String> problems) {
        super(source + ": " + String.join("\n" + source + ": ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code path (line N): what is wrong}. */
    public List<String> problems() {
        return problems;
    }

    /** Collects problems while a file is read; they are reported in the order of their lines. */
    static final class Collector {
        private record Entry(int line, String text) {
        }

        private final List<Entry> problems = new ArrayList<>();

        void add(String path, int line, String message) {
            problems.add(new Entry(line, (path.isEmpty() ? "" : path + " ") + "(line " + line + "): " + message));
        }

        boolean isEmpty() {
            return problems.isEmpty();
        }

        void throwIfAny(String source) {
            if (!problems.isEmpty()) {
                throw new ScenarioProblems(source, problems.stream()
                        .sorted(java.util.Comparator.comparingInt(Entry::line)).map(Entry::text).toList());
            }
        }
    }
}
