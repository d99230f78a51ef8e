package org.camgate.sim.site;

import java.util.List;
import org.camgate.common.yaml.ConfigProblem;

/** Every problem found in a scenario file, each with its YAML path and line, as the gateway reports its configuration's. */
public final class ScenarioProblems extends RuntimeException {
    private final List<String> problems;

    ScenarioProblems(String source, List<ConfigProblem> problems) {
        super(source + ": " + String.join("\n" + source + ": ", texts(problems)));
        this.problems = texts(problems);
    }

    /** Each problem as {@code path (line N): what is wrong}. */
    public List<String> problems() {
        return problems;
    }

    private static List<String> texts(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }
}
